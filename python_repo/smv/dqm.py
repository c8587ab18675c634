"""`smv.dqm`, SMV 2.x's module path for DQM (`from smv.dqm import *`): re-exports smv.api.dqm only."""
from smv.api.dqm import *  # noqa: F403
from smv.api.dqm import __all__  # noqa: F401  # the same names, so `import *` gives exactly these
