"""Dataset hashes that are identical across processes, machines and hash seeds.

A class's code hash is sha256 over its syntax tree (`tree_text`: no line numbers, and
the same text on every Python from 3.11 on, where `ast.dump` differs between minor
versions), so comments, blank lines and layout do not count but any code change does; a
dataset's hash adds its hash extras (version, input path/mtime/schema; a SQL module's
normalized query, its `unhashed_methods` left out of its code);
`hash_with_super_class` adds the code hashes of its user-defined base classes
(never smv's own, the standard library's or installed packages').

Cost: each module's source is parsed once (discovery compiles the module from that
same tree), so hashing the N classes of one file is O(N), not N parses of the file.
"""
from __future__ import annotations

import ast
import copy
import functools
import hashlib
import inspect
import sys
import sysconfig
import textwrap
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

HASH_SCHEME = "smv-python-hash-3"
HEX_DIGITS = 16


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
    """The code of `source` without comments, blank lines or layout (its syntax tree)."""
    text = textwrap.dedent(source)
    try:
        return tree_text(ast.parse(text))
    except SyntaxError:
        # Not parsable on its own (e.g. a nested class whose strings defeat dedent):
        # fall back to its non-blank lines, which still ignores blank-line edits.
        return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def tree_text(node: ast.AST) -> str:
    """The tree as text, in one form on every Python: `ast.dump` writes `type_params=[]`
    on 3.12 and leaves out empty fields on 3.13, which would change every hash with the
    interpreter. Here fields that are None or empty are always left out (no field of one
    node type can be both absent and present, so no two trees get one text)."""
    out: list[str] = []
    _write(node, out)
    return "".join(out)


def _write(value: object, out: list[str]) -> None:
    """Appends the text of `value` to `out`: `Name(field=..., ...)`, `[a, b]` or the repr. One
    list of pieces joined once (nested generators and joins were ~40% of discovering a stage)."""
    if isinstance(value, ast.AST):
        out.append(type(value).__name__ + "(")
        first = True
        for name in value._fields:
            field = getattr(value, name, None)  # a field the node lacks is left out, as iter_fields does
            if field is None or (isinstance(field, list) and not field):
                continue
            out.append(name + "=" if first else ", " + name + "=")
            first = False
            _write(field, out)
        out.append(")")
    elif isinstance(value, list):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(", ")
            _write(item, out)
        out.append("]")
    else:
        out.append(repr(value))


def class_trees(tree: ast.Module) -> dict[str, ast.ClassDef]:
    """Every class defined at module level or inside a class, by qualname; of two
    definitions of one name the last wins, as when the module runs."""
    found: dict[str, ast.ClassDef] = {}

    def collect(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                found[prefix + node.name] = node
                collect(node.body, f"{prefix}{node.name}.")

    collect(tree.body, "")
    return found


def class_texts(tree: ast.Module) -> dict[str, str]:
    """Every class's normalized code (`tree_text`) by qualname: what its code hash covers,
    kept instead of the tree (a module's syntax tree is ~40x the size of these texts)."""
    return {name: tree_text(node) for name, node in class_trees(tree).items()}


class ClassCode:
    """Normalized class code by module and qualname; each module's tree is read once and
    only its classes' texts are kept.

    `module_tree(name)` gives a module's parsed source (None when there is none); `known`
    holds the texts of modules whose trees were read already (discovery's, as it compiles them).
    """

    def __init__(self, module_tree: Callable[[str], ast.Module | None],
                 known: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self._module_tree = module_tree
        self._by_module: dict[str, Mapping[str, str]] = dict(known or {})

    def get(self, module: str, qualname: str, unhashed: tuple[str, ...] = ()) -> str | None:
        """The class's code; methods named in `unhashed` left out (their meaning is hashed otherwise)."""
        if module not in self._by_module:
            tree = self._module_tree(module)
            self._by_module[module] = class_texts(tree) if tree is not None else {}
        if not unhashed:
            return self._by_module[module].get(qualname)
        # Rare (SQL modules' query()): the class is parsed again to leave the methods out.
        tree = self._module_tree(module)
        node = class_trees(tree).get(qualname) if tree is not None else None
        if node is None:
            return None
        node = copy.copy(node)
        node.body = [s for s in node.body
                     if not (isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name in unhashed)]
        return tree_text(node)


def code_hash(cls: type, code: ClassCode) -> str:
    """The hash of `cls`'s own code, found in `code` (else in what inspect finds)."""
    text = code.get(cls.__module__, cls.__qualname__, tuple(getattr(cls, "unhashed_methods", ())))
    if text is None:
        try:
            text = normalized_source(inspect.getsource(cls))
        except (OSError, TypeError) as exc:
            raise SourceUnavailableError(f"cannot read the source of {cls.__module__}.{cls.__qualname__} "
                                         f"to hash it: {exc}") from exc
    return digest([HASH_SCHEME, text])


def user_base_classes(cls: type) -> list[type]:
    """`cls`'s base classes written by the user, nearest first."""
    return [base for base in cls.__mro__[1:] if _is_user_class(base)]


_INSTALLED = tuple(str(Path(p).resolve()) for p in
                   {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")})


def _is_user_class(cls: type) -> bool:
    module = cls.__module__
    if module in ("builtins", "smv") or module.startswith("smv."):
        return False
    file = getattr(sys.modules.get(module), "__file__", None)
    return file is not None and not _is_installed(file)


@functools.lru_cache(maxsize=4096)
def _is_installed(file: str) -> bool:
    """Below the standard library or site-packages (resolved once per file, not per class)."""
    return str(Path(file).resolve()).startswith(_INSTALLED)
