"""Puts SMV's helpers on pyspark's classes, as SMV 2.2 did when `smv` was imported."""
from __future__ import annotations

import importlib

# (pyspark class, module of smv.helpers, helper class whose public methods go onto it)
_PATCHES = (
    ("pyspark.sql.DataFrame", "smv.helpers.dataframe", "DataFrameHelper"),
    ("pyspark.sql.DataFrame", "smv.helpers.grouped", "GroupByHelper"),
    ("pyspark.sql.DataFrame", "smv.helpers.edd", "EddHelper"),
    ("pyspark.sql.DataFrame", "smv.helpers.descriptions", "DescriptionHelper"),
    ("pyspark.sql.Column", "smv.helpers.column", "ColumnHelper"),
    ("pyspark.sql.Column", "smv.helpers.time_columns", "TimeColumnHelper"),
)
_installed = False


def install() -> None:
    """Idempotent; never replaces a method pyspark itself defines."""
    global _installed
    if _installed:
        return
    for target_path, module, helper_name in _PATCHES:
        target_module, _, target_name = target_path.rpartition(".")
        target = getattr(importlib.import_module(target_module), target_name)
        helper = getattr(importlib.import_module(module), helper_name)
        for name, method in vars(helper).items():
            if name.startswith("_") or not callable(method):
                continue
            if name in vars(target) and getattr(vars(target)[name], "__module__", "").startswith("pyspark"):
                continue
            setattr(target, name, method)
    _installed = True
