"""The app's Python code on every executor, shipped the way PySpark ships code.

Executors unpickle what a module's `run` hands to Spark (a UDF, a pandas UDF, a
lambda): cloudpickle sends a module-level function by reference (its module and
name), so the worker must import the app's modules, which import `smv`. Two zips
therefore go to every executor with `SparkContext.addPyFile`: the app's
`src/main/python` and the `smv` package itself, so a worker needs only Python
with pyspark (and pandas/pyarrow for pandas UDFs), nothing of the app or of SMV.

Each zip is named by a hash of its content (`smv-app-<hash>.zip`,
`smv-lib-<hash>.zip`), so an edit gives a new name: Spark serves and caches
files by name. The Python functions created after shipping carry the code
version in their environment, and Spark keeps one pool of Python workers per
environment, so a reused worker that imported an older version never serves
the new one. Zips live in a content-addressed folder under the temp dir (the
same content is always the same file, as Spark requires of a name).
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark import SparkContext

CODE_VERSION_ENV = "SMV_CODE_VERSION"
ZIP_PREFIX = "smv-"
_SMV_PACKAGE = Path(__file__).resolve().parents[1]
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no real time, so equal content gives equal bytes
_lock = threading.Lock()
_shipped: "weakref.WeakKeyDictionary[SparkContext, set[str]]" = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class CodeZip:
    """A zip of a source tree: where it is and the hash of what it holds."""

    path: Path
    content_hash: str

    @property
    def name(self) -> str:
        return self.path.name


def source_files(top: Path) -> list[Path]:
    """The files below `top` that are code or package data (no caches), sorted."""
    return sorted(p for p in top.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"))


def build_zip(top: Path, base: Path, label: str, cache_dir: Path | None = None) -> CodeZip:
    """The zip of the files below `top`, named relative to `base`, in the content-addressed cache.

    Built only when no zip with this content exists yet (written aside, then renamed)."""
    files = source_files(top)
    sha = hashlib.sha256()
    for f in files:
        for part in (f.relative_to(base).as_posix().encode(), f.read_bytes()):
            sha.update(len(part).to_bytes(8, "big"))
            sha.update(part)
    content_hash = sha.hexdigest()[:16]
    folder = cache_dir or Path(tempfile.gettempdir()) / f"smv-pyfiles-{os.getuid()}"
    target = folder / f"{ZIP_PREFIX}{label}-{content_hash}.zip"
    if not target.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{target.name}.{os.getpid()}.{threading.get_ident()}.partial"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in files:
                info = zipfile.ZipInfo(f.relative_to(base).as_posix(), _FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, f.read_bytes())
        partial.replace(target)
    return CodeZip(target, content_hash)


class CodeShipper:
    """Ships one app's `src/main/python` (and smv) to the executors of `sc`, again whenever it changed.

    `ship()` is cheap when nothing changed (it hashes the files); call it before running
    user code. Of the zips SMV shipped to this SparkContext, only the current app's stay
    in the Python includes of new functions, so two apps with the same package names on
    one session never see each other's code.
    """

    def __init__(self, sc: "SparkContext", python_dir: Path) -> None:
        self._sc = sc
        self._python_dir = Path(python_dir)
        self.version: str | None = None

    def ship(self) -> str:
        """Makes the current code the code of every Python function created from now on; its version."""
        zips = [build_zip(self._python_dir, self._python_dir, "app"),
                build_zip(_SMV_PACKAGE, _SMV_PACKAGE.parent, "lib")]
        version = "-".join(z.content_hash for z in zips)
        with _lock:
            for z in zips:
                self._add(z)
            includes = self._sc._python_includes
            assert includes is not None
            names = [z.name for z in zips]
            includes[:] = [n for n in includes if not n.startswith(ZIP_PREFIX)] + names
            self._sc.environment[CODE_VERSION_ENV] = version
        self.version = version
        return version

    def _add(self, z: CodeZip) -> None:
        """addPyFile once per zip and SparkContext; the driver keeps importing from the source tree."""
        from pyspark import SparkFiles

        added = _shipped.setdefault(self._sc, set())
        if z.name in added:
            return
        self._sc.addPyFile(str(z.path))
        added.add(z.name)
        on_driver = os.path.join(SparkFiles.getRootDirectory(), z.name)
        while on_driver in sys.path:  # addPyFile puts it on the driver's sys.path too
            sys.path.remove(on_driver)
