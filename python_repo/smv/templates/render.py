"""Makes a new SMV app folder from the templates beside this file.

A template kind is a stack of layers (folders of `*.tmpl` files; a later layer's file replaces an
earlier one's). Paths and text have their placeholders replaced: `__APP__` (the app's name),
`__PKG__` (its top-level package, the name as an identifier) and, for apps with a Scala build, the
Scala, Spark and SMV versions of the installed SMV jar. The app is written into a new folder
created by smv-init itself (exclusively), so an existing folder is never touched.
"""
from __future__ import annotations

import keyword
import re
import shutil
from pathlib import Path
from typing import Mapping

from smv.templates.big import big_app_files

TEMPLATES = Path(__file__).resolve().parent
SUFFIX = ".tmpl"
LAYERS: Mapping[str, tuple[str, ...]] = {
    "simple": ("common", "stage1", "simple"),
    "enterprise": ("common", "stage1", "enterprise"),
    "test": ("common", "stage1", "enterprise", "test"),
    "big": ("common", "stage1"),
}
# Scala's reserved words that are not Python's (a package named so would not compile).
_SCALA_KEYWORDS = {"abstract", "case", "catch", "def", "do", "extends", "final", "finally", "forSome", "implicit",
                   "lazy", "match", "new", "null", "object", "override", "package", "private", "protected",
                   "sealed", "super", "this", "throw", "trait", "try", "type", "val", "var", "while", "with", "yield"}


class InitError(ValueError):
    """The app cannot be made as asked; the message says why. Nothing was written."""


def package_name(app_name: str) -> str:
    """The app's top-level package: its name lowercased, other characters as `_`, never a keyword."""
    pkg = re.sub(r"[^a-z0-9_]+", "_", app_name.lower()).strip("_")
    if not pkg or pkg[0].isdigit() or keyword.iskeyword(pkg) or pkg in _SCALA_KEYWORDS or pkg in ("smv", "test_support"):
        pkg = f"app_{pkg}" if pkg else "app"
    return pkg


def scala_versions() -> dict[str, str]:
    """The versions an app's Scala build must use: those the installed SMV jar was built with."""
    from smv.spark.session import find_jar, jar_build_properties

    props = jar_build_properties(find_jar())
    return {"__SCALA_VERSION__": props["scalaVersion"], "__SPARK_VERSION__": props["sparkVersion"],
            "__SMV_VERSION__": props["smvVersion"]}


def app_files(kind: str, app_name: str) -> dict[Path, str]:
    """Every file of a new app of `kind`, by path relative to the app folder."""
    if kind not in LAYERS:
        raise InitError(f"unknown template {kind!r}: expected one of {', '.join(LAYERS)}")
    values = {"__APP__": app_name, "__PKG__": package_name(app_name)}
    if kind == "test":
        values.update(scala_versions())
    files: dict[Path, str] = {}
    for layer in LAYERS[kind]:
        root = TEMPLATES / layer
        for source in sorted(root.rglob("*" + SUFFIX)):
            relative = source.relative_to(root).as_posix()[:-len(SUFFIX)]
            files[Path(_fill(relative, values))] = _fill(source.read_text(), values)
    if kind == "big":
        files.update(big_app_files(app_name, values["__PKG__"]))
    return files


def _fill(text: str, values: Mapping[str, str]) -> str:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def make_app(kind: str, app_name: str, target: str | Path) -> Path:
    """Writes a new app of `kind` named `app_name` into the folder `target`, which must not exist."""
    if not app_name.strip() or "/" in app_name or app_name.startswith("."):
        raise InitError(f"app name {app_name!r}: expected a plain name such as MyApp (no '/', not starting with '.')")
    target = Path(target).absolute()
    if target.exists() or target.is_symlink():
        raise InitError(f"{target} already exists: smv-init writes a new folder only (nothing was written)")
    if not target.parent.is_dir():
        raise InitError(f"{target.parent} is not a folder: create it first, or choose another place for the app")
    files = app_files(kind, app_name)
    try:
        target.mkdir()  # exclusive: a folder that appeared meanwhile is refused, never merged into
    except FileExistsError:
        raise InitError(f"{target} already exists: smv-init writes a new folder only (nothing was written)") from None
    try:
        for relative, text in files.items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    except BaseException:
        shutil.rmtree(target)  # ours alone: made above
        raise
    return target
