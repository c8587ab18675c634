"""Dataset hashes that are identical across processes, machines and hash seeds.

A class's code hash is sha256 over its source tokens with comments and blank lines
dropped (so a comment-only edit keeps it); a dataset's hash adds its hash extras
(version, input path/mtime/schema); `hash_with_super_class` adds the code hashes of
its user-defined base classes (never smv's own, the standard library's or
installed packages').
"""
from __future__ import annotations

import ast
import hashlib
import inspect
import io
import sys
import sysconfig
import textwrap
import tokenize
from collections.abc import Callable, Iterable
from pathlib import Path

HASH_SCHEME = "smv-python-hash-1"
HEX_DIGITS = 16
_DROPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
_STRUCTURAL = {tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE}


class SourceUnavailableError(LookupError):
    """A class whose source text cannot be found, so it cannot be hashed."""


def digest(parts: Iterable[str]) -> str:
    """Lowercase hex sha256 over length-framed parts (so ("ab", "c") != ("a", "bc"))."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()[:HEX_DIGITS]


def normalized_source(source: str) -> str:
    """The source's tokens without comments, blank lines or layout inside a line."""
    text = textwrap.dedent(source)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        # Not tokenizable on its own (e.g. a nested class whose strings defeat dedent):
        # fall back to its non-blank lines, which still ignores blank-line edits.
        return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())
    return "\x1f".join(tokenize.tok_name[t.type] if t.type in _STRUCTURAL else t.string
                       for t in tokens if t.type not in _DROPPED)


def class_source(module_source: str, qualname: str) -> str | None:
    """The text of class `qualname` (decorators included) in a module's source, or None."""
    node = _find_class(ast.parse(module_source).body, qualname.split("."))
    if node is None or node.end_lineno is None:
        return None
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])
    return "".join(module_source.splitlines(keepends=True)[start - 1:node.end_lineno])


def code_hash(cls: type, module_source: Callable[[str], str | None]) -> str:
    """The hash of `cls`'s own code; `module_source(name)` gives a module's source text."""
    source = module_source(cls.__module__)
    text = class_source(source, cls.__qualname__) if source is not None else None
    if text is None:
        try:
            text = inspect.getsource(cls)
        except (OSError, TypeError) as exc:
            raise SourceUnavailableError(f"cannot read the source of {cls.__module__}.{cls.__qualname__} "
                                         f"to hash it: {exc}") from exc
    return digest([HASH_SCHEME, normalized_source(text)])


def user_base_classes(cls: type) -> list[type]:
    """`cls`'s base classes written by the user, nearest first."""
    return [base for base in cls.__mro__[1:] if _is_user_class(base)]


def _find_class(body: list[ast.stmt], path: list[str]) -> ast.ClassDef | None:
    found = None
    for statement in body:  # the last definition wins, as when the module runs
        if isinstance(statement, ast.ClassDef) and statement.name == path[0]:
            found = statement
    if found is None or len(path) == 1:
        return found
    return _find_class(found.body, path[1:])


_INSTALLED = tuple(str(Path(p).resolve()) for p in
                   {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")})


def _is_user_class(cls: type) -> bool:
    module = cls.__module__
    if module in ("builtins", "smv") or module.startswith("smv."):
        return False
    file = getattr(sys.modules.get(module), "__file__", None)
    if file is None:
        return False
    return not str(Path(file).resolve()).startswith(_INSTALLED)
