"""SMV's data helpers (SMV 2.2's names): thin typed proxies over the one JVM implementation.

Each helper is defined once, in Scala (`scala_repo/src/main/scala/smv/helpers/`); the Python
methods here call it through py4j, as pyspark's own DataFrame does, so the two languages
cannot drift. `install()` puts them on pyspark's DataFrame, Column and GroupedData (SMV 2.2
did this when `smv` was imported). SMV's module paths: `smv.helpers.DataFrameHelper`,
`smv.functions`, `smv.panel`.
"""
from __future__ import annotations

import importlib
from typing import Any

from smv.helpers.install import install, install_on_import

# SMV 2.2's names under smv.helpers (`smv.helpers.DataFrameHelper`), loaded on first use so
# `import smv` stays free of pyspark.
_LAZY = {"DataFrameHelper": "smv.helpers.dataframe", "ColumnHelper": "smv.helpers.column",
         "SmvMultiJoin": "smv.helpers.multijoin", "SmvGroupedData": "smv.helpers.grouped"}

__all__ = ["install", "install_on_import", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'smv.helpers' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
