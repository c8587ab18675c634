"""SMV 2.x features this SMV does not provide, as names that fail saying so.

An SMV 2.2 app that uses one of them (subclasses `SmvJdbcTable`, defines
`requiresLib`) gets an SmvUnsupportedError naming
the feature and what to do instead, not an AttributeError from deep inside.
"""
from __future__ import annotations

from typing import Any, NoReturn

SMV_VERSION = "2.2.0.0"
GUIDE = "docs/migrating-from-smv.md"


class SmvUnsupportedError(NotImplementedError):
    """An SMV 2.x class or method that this SMV does not provide."""

    def __init__(self, feature: str, instead: str) -> None:
        super().__init__(f"{feature} is not supported by this SMV (it was part of SMV {SMV_VERSION}): "
                         f"{instead} (see {GUIDE})")
        self.feature = feature


def _unsupported_class(name: str, instead: str) -> type:
    """A class that fails, naming itself, when an app subclasses or instantiates it."""
    def init_subclass(cls: type, **kwargs: Any) -> NoReturn:
        raise SmvUnsupportedError(f"{name} (base class of {cls.__module__}.{cls.__qualname__})", instead)

    def new(cls: type, *args: Any, **kwargs: Any) -> NoReturn:
        raise SmvUnsupportedError(name, instead)

    return type(name, (), {"__module__": __name__, "__init_subclass__": classmethod(init_subclass),
                           "__new__": new, "__doc__": f"Not supported: {instead}."})


SmvJdbcTable = _unsupported_class("SmvJdbcTable", "read the table in an SmvModule with self.smvApp.spark.read.jdbc(...)")
SmvMultiCsvFiles = _unsupported_class("SmvMultiCsvFiles",
                                      "declare one SmvCsvFile per file and union them in an SmvModule")
SmvSqlCsvFile = _unsupported_class("SmvSqlCsvFile", "use an SmvCsvFile and an SmvSqlModule that queries it")
SmvModel = _unsupported_class("SmvModel", "compute the model's data in SmvModules and keep the model outside SMV")
SmvModelExec = _unsupported_class("SmvModelExec", "apply the model in an SmvModule")
SmvHistoricalValidator = _unsupported_class("SmvHistoricalValidator", "check history with a DQM policy (smv.dqm)")
SmvHistoricalValidators = _unsupported_class("SmvHistoricalValidators", "check history with a DQM policy (smv.dqm)")

NAMES = ("SmvJdbcTable", "SmvMultiCsvFiles", "SmvSqlCsvFile", "SmvModel",
         "SmvModelExec", "SmvHistoricalValidator", "SmvHistoricalValidators")

# Methods an SMV 2.x dataset could define that this SMV would silently ignore.
DATASET_METHODS = {
    "requiresLib": "the hash covers the stage's own code; bump version() when a library the module uses changes",
}

def check_dataset_class(cls: type) -> None:
    """Fails when a dataset class defines an SMV 2.x method this SMV does not honour."""
    for method, instead in DATASET_METHODS.items():
        if method in vars(cls):
            raise SmvUnsupportedError(f"{method}() (defined by {cls.__module__}.{cls.__qualname__})", instead)
