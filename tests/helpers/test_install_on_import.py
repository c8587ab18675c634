"""`import smv` puts the helpers on pyspark's classes, for any DataFrame, without importing pyspark itself."""
from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = "print(hasattr(DataFrame, 'smvSelectPlus'), hasattr(DataFrame, 'smvJoinByKey'), hasattr(Column, 'smvYear'))"


@pytest.mark.parametrize("code", [
    # smv first: nothing of pyspark is imported until the notebook imports it, then the helpers are there
    "import sys, smv\nassert 'pyspark' not in sys.modules, 'import smv imported pyspark'\n"
    "from pyspark.sql import DataFrame, Column\n" + CHECK,
    # pyspark first: installed at once by import smv
    "from pyspark.sql import DataFrame, Column\nassert not hasattr(DataFrame, 'smvSelectPlus')\nimport smv\n" + CHECK,
    # a submodule of pyspark.sql imported first still brings pyspark.sql, and so the helpers
    "import smv\nimport pyspark.sql.functions\nfrom pyspark.sql import DataFrame, Column\n" + CHECK,
    # SMV's module path first: it imports pyspark.sql midway through a helper module, and still installs
    "from smv.helpers import DataFrameHelper\nfrom pyspark.sql import DataFrame, Column\n" + CHECK,
    "import smv.helpers.column\nfrom pyspark.sql import DataFrame, Column\n" + CHECK,
])
def test_import_smv_installs_the_helpers_in_a_fresh_interpreter(code: str) -> None:
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "True", "True"], run.stdout + run.stderr
    assert "were not installed" not in run.stderr, run.stderr


def test_smv_module_paths_of_smv22() -> None:
    code = ("import smv, smv.helpers, smv.functions\n"
            "print(smv.helpers.DataFrameHelper.__name__, smv.helpers.SmvMultiJoin.__name__,"
            " smv.functions.smvStrCat.__name__, smv.functions is __import__('smv').functions)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["DataFrameHelper", "SmvMultiJoin", "smvStrCat", "True"]
