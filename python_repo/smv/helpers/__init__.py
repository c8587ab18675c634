"""SMV's data helpers (SMV 2.2's names): thin typed proxies over the one JVM implementation.

Each helper is defined once, in Scala (`scala_repo/src/main/scala/smv/helpers/`); the Python
methods here call it through py4j, as pyspark's own DataFrame does, so the two languages
cannot drift. `install()` puts them on pyspark's DataFrame, Column and GroupedData (SMV 2.2
did this when `smv` was imported). SMV's module paths: `smv.helpers.DataFrameHelper`,
`smv.functions`, `smv.panel`.
"""
from __future__ import annotations

from smv.helpers.install import install

__all__ = ["install"]
