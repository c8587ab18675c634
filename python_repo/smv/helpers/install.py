"""Puts SMV's helpers on pyspark's classes, as SMV 2.2 did when `smv` was imported.

`import smv` calls `install_on_import()`: it installs at once when pyspark.sql is already
imported, else it leaves a one-shot import hook that installs right after pyspark.sql is, so
`import smv` itself never imports pyspark and any DataFrame (a notebook's too) has the helpers.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

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


def install_when_ready(finishing: str = "") -> None:
    """Installs once pyspark.sql is imported and no helper module is half-imported. Importing a helper
    module first (`from smv.helpers import DataFrameHelper`, SMV's path) imports pyspark.sql midway
    through it, before its classes exist; so every helper module calls this as its last line (as
    `finishing`: its classes are all defined), and the last of them to finish installs them all."""
    if "pyspark.sql" in sys.modules and not _helper_module_initializing(besides=finishing):
        install()


def _helper_module_initializing(besides: str) -> bool:
    # importlib marks a module's spec `_initializing` while its code runs (what Python's own
    # "partially initialized module" error checks)
    return any(getattr(getattr(sys.modules.get(module), "__spec__", None), "_initializing", False)
               for _, module, _ in _PATCHES if module != besides)


def install_on_import() -> None:
    """Installs now if pyspark.sql is imported, else as soon as it is (without importing it)."""
    if "pyspark.sql" in sys.modules:
        install_when_ready()
    elif not any(isinstance(finder, _InstallAfterPysparkSql) for finder in sys.meta_path):
        sys.meta_path.insert(0, _InstallAfterPysparkSql())


class _InstallAfterPysparkSql(importlib.abc.MetaPathFinder):
    """Finds nothing itself: wraps the loader of pyspark.sql so install() runs once it has loaded."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != "pyspark.sql":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _ThenInstall(spec.loader)
        return spec


class _ThenInstall(importlib.abc.Loader):
    """pyspark.sql's own loader, then install()."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        try:
            install_when_ready()
        except Exception as error:  # a broken helper must not break importing pyspark
            warnings.warn(f"SMV's DataFrame helpers were not installed on pyspark: {error}", stacklevel=2)
