"""Finds the datasets of the configured stages, importing their code fresh each time.

A stage is a package; its datasets are the concrete SmvDataSet classes defined (not
merely imported) in any module below it. Discovery imports the stages anew (so a
rerun sees edited files) and compiles them from their source text, never from
__pycache__: the text it hashes is exactly the code that runs, even when an edit
keeps the file's size and mtime second. Each module's syntax tree lives only while it
is compiled: the texts of its classes (what their hashes cover) are kept instead, and
only until the catalog is described (10,000 datasets' trees held ~90 MB). A `.sql` file in
a stage's folder is a module too (smv.sql.files), read afresh with the Python code.
"""
from __future__ import annotations

import ast
import functools
import importlib
import logging
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import pkgutil
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import CodeType, ModuleType
from typing import TYPE_CHECKING

from smv.api.dataset import SmvDataSet
from smv.repository import errors
from smv.repository.hashing import (HASH_SCHEME, ClassCode, SourceUnavailableError, class_texts, code_hash,
                                    digest, user_base_classes)
from smv.sql.files import SqlFile, StageNames, code_text, find_sql_files, module_class, resolve_tables
from smv.sql.query import SqlQueryError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

_IMPORT_LOCK = threading.Lock()
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DiscoveredDataSet:
    """A dataset class, its stage, and the hashes of its code and its user base classes' code."""

    cls: type[SmvDataSet]
    stage: str
    code_hash: str
    base_code_hashes: tuple[str, ...]

    @functools.cached_property
    def urn(self) -> str:
        return self.cls.urn()


@dataclass(frozen=True)
class Catalog:
    """The datasets of the stages, by urn (sorted)."""

    stages: tuple[str, ...]
    datasets: Mapping[str, DiscoveredDataSet]

    def in_stage(self, stage: str | None) -> list[str]:
        return [u for u, d in self.datasets.items() if stage is None or d.stage == stage]


def discover(stages: Sequence[str], spark: SparkSession | None = None) -> Catalog:
    """Imports every module of `stages` afresh and collects their datasets, then makes a
    module of each `.sql` file in the stages' folders (smv.sql.files; `spark` parses them)."""
    texts: dict[str, dict[str, str]] = {}  # module -> its classes' texts, filled by the loaders
    try:
        with _IMPORT_LOCK:
            _forget(stages)
            finder = _FreshSourceFinder(stages, texts)
            sys.meta_path.insert(0, finder)
            try:
                importlib.invalidate_caches()
                modules = {stage: _import_tree(stage, stage) for stage in stages}
            finally:
                sys.meta_path.remove(finder)
        found: dict[str, DiscoveredDataSet] = {}
        class_code = ClassCode(_module_tree, texts)
        for stage, stage_modules in modules.items():
            for module in stage_modules:
                for cls in _defined_datasets(module):
                    if cls.urn() not in found:
                        found[cls.urn()] = _describe(cls, _owning_stage(cls, stages) or stage, class_code)
        found.update(_sql_modules(modules, stages, found, spark))
        return Catalog(tuple(stages), dict(sorted(found.items())))
    finally:
        texts.clear()  # the modules' loaders keep this dict: keep it empty


def _sql_modules(modules: Mapping[str, list[ModuleType]], stages: Sequence[str],
                 python: Mapping[str, DiscoveredDataSet], spark: SparkSession | None) -> dict[str, DiscoveredDataSet]:
    """The `.sql` files of the stages' packages as datasets, their tables resolved among all of them."""
    files: dict[str, tuple[str, SqlFile]] = {}  # by fqn: (stage, file)
    for stage, stage_modules in modules.items():
        for module in (m for m in stage_modules if hasattr(m, "__path__")):
            try:
                for sql in find_sql_files(module.__name__, list(module.__path__)):
                    files.setdefault(sql.fqn, (_owning_stage_of(module.__name__, stages) or stage, sql))
            except SqlQueryError as exc:
                raise errors.SqlModuleError(str(exc)) from exc
    fqns: dict[str, list[str]] = {stage: [] for stage in stages}
    for entry in python.values():
        fqns[entry.stage].append(entry.cls.fqn())
    for stage, sql in files.values():
        fqns[stage].append(sql.fqn)
    found = {}
    for stage, sql in files.values():
        cls = module_class(sql, resolve_tables(spark, sql, StageNames(stage, tuple(stages), fqns)))
        found[cls.urn()] = DiscoveredDataSet(cls, stage, digest([HASH_SCHEME, code_text(sql)]), ())
    return found


def _forget(stages: Sequence[str]) -> None:
    """Drops the stages' modules, and their parent packages, from sys.modules so the next
    import reads the files again from where sys.path says now."""
    parents = {s.rsplit(".", i)[0] for s in stages for i in range(1, s.count(".") + 1)}
    for name in [n for n in sys.modules if n in parents or any(n == s or n.startswith(s + ".") for s in stages)]:
        del sys.modules[name]


def _import_tree(name: str, stage: str) -> list[ModuleType]:
    """The modules of package `name` and below. A stage with no Python package at all has
    no Python datasets (its datasets may all be Scala); a missing module inside it is an error."""
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if name == stage and exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            _log.debug("stage %s has no Python package on sys.path: no Python datasets", stage)
            return []
        if exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            raise errors.StageImportPathError(
                f"stage {stage}: module {name} is not importable from sys.path; is the app's "
                "src/main/python on sys.path and the stage listed correctly in smv.stages?",
                metadata={"stage": stage}) from exc
        raise errors.UserCodeError.wrap(exc, urn=None, phase=f"import of stage {stage} (module {name})") from exc
    except Exception as exc:
        raise errors.UserCodeError.wrap(exc, urn=None, phase=f"import of stage {stage} (module {name})") from exc
    modules = [module]
    for info in sorted(pkgutil.iter_modules(getattr(module, "__path__", [])), key=lambda i: i.name):
        modules += _import_tree(f"{name}.{info.name}", stage)
    return modules


def _defined_datasets(module: ModuleType) -> list[type[SmvDataSet]]:
    return [obj for obj in vars(module).values()
            if isinstance(obj, type) and issubclass(obj, SmvDataSet) and obj.__module__ == module.__name__
            and "." not in obj.__qualname__ and not inspect.isabstract(obj)]


def _owning_stage(cls: type, stages: Sequence[str]) -> str | None:
    """The longest configured stage prefixing the class's module."""
    return _owning_stage_of(cls.__module__, stages)


def _owning_stage_of(module: str, stages: Sequence[str]) -> str | None:
    owners = [s for s in stages if module == s or module.startswith(s + ".")]
    return max(owners, key=len) if owners else None


def _module_tree(name: str) -> ast.Module | None:
    """The parsed text inspect finds of a module discovery did not compile (a user's base
    classes elsewhere); the stage modules' class texts were recorded by their loader."""
    module = sys.modules.get(name)
    try:
        return ast.parse(inspect.getsource(module)) if module is not None else None
    except (OSError, TypeError, SyntaxError):
        return None


def _describe(cls: type[SmvDataSet], stage: str, code: ClassCode) -> DiscoveredDataSet:
    try:
        bases = tuple(code_hash(base, code) for base in user_base_classes(cls))
        return DiscoveredDataSet(cls, stage, code_hash(cls, code), bases)
    except SourceUnavailableError as exc:
        raise errors.UserCodeError.wrap(exc, urn=cls.urn(), phase="hashing the source") from exc


class _FreshSourceFinder(importlib.abc.MetaPathFinder):
    """Finds the stages' modules as usual but loads them with _FreshSourceLoader."""

    def __init__(self, stages: Sequence[str], texts: dict[str, dict[str, str]]) -> None:
        self._stages = tuple(stages)
        self._texts = texts

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if not any(fullname == s or fullname.startswith(s + ".") for s in self._stages):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            spec.loader = _FreshSourceLoader(fullname, spec.loader.path, self._texts)
        return spec


class _FreshSourceLoader(importlib.machinery.SourceFileLoader):
    """Compiles from the source file (never a cached .pyc), recording the texts of the classes
    of the tree it compiled (parsed once: the hashes are taken from the same tree, which is
    then dropped)."""

    def __init__(self, fullname: str, path: str, texts: dict[str, dict[str, str]]) -> None:
        super().__init__(fullname, path)
        self._texts = texts

    def get_code(self, fullname: str) -> CodeType:
        tree = ast.parse(importlib.util.decode_source(self.get_data(self.path)), self.path)
        self._texts[fullname] = class_texts(tree)
        return compile(tree, self.path, "exec", dont_inherit=True)
