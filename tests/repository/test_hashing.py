"""Source normalization behind the hashes."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from smv.repository import hashing
from smv.repository.hashing import HASH_SCHEME, ClassCode, class_trees, digest, normalized_source

MODULE = '''\
import x


class A(x.Base):
    """Doc."""

    def run(self, i):
        return i  # identity


@decorate
class B:
    pass


class A:  # redefined: the last definition wins
    value = 2
'''


def test_comments_blank_lines_and_spacing_do_not_matter_but_code_does() -> None:
    base = normalized_source("def f(a):\n    return a+1\n")
    assert normalized_source("# c\n\ndef f(a):  # c\n\n    return a + 1\n") == base
    assert normalized_source("def f(a):\n    return a+2\n") != base
    assert normalized_source("def f(a):\n    return 'a+1'\n") != base


def test_class_code_is_the_last_definition_with_its_decorators() -> None:
    trees = class_trees(ast.parse(MODULE))
    assert [s.value.value for s in trees["A"].body] == [2]  # type: ignore[attr-defined]
    code = ClassCode(lambda name: ast.parse(MODULE) if name == "m" else None)
    assert code.get("m", "B") == hashing.tree_text(trees["B"])
    assert "decorate" in (code.get("m", "B") or "")
    assert code.get("m", "Missing") is None and code.get("other", "A") is None


def test_each_module_is_parsed_once_however_many_classes_it_holds() -> None:
    parsed: list[str] = []

    def tree(name: str) -> ast.Module:
        parsed.append(name)
        return ast.parse("\n".join(f"class C{i}:\n    x = {i}" for i in range(50)))

    code = ClassCode(tree)
    assert len({code.get("m", f"C{i}") for i in range(50)}) == 50
    assert parsed == ["m"]


def test_digest_frames_its_parts() -> None:
    assert digest(["ab", "c"]) != digest(["a", "bc"])
    assert digest(["x"]) == digest(["x"]) and len(digest(["x"])) == 16


# A test vector: the code hash of this source is the same on every Python from 3.11 on
# (ast.dump writes it differently on 3.11, 3.12 and 3.13, which once changed every hash with
# the interpreter). A change here changes every persisted Python output's hash.
VECTOR_SOURCE = '''
class M(Base):
    """doc"""
    x: int = 3
    def requiresDS(self):
        return [A, B]
    def run(self, i, *a, k=None, **kw):
        df = i[A]
        return df.select(f"{k!r}", lambda y: y + 1) if k else None
    async def g(self):
        async with x as y:
            yield [z async for z in y]
'''
VECTOR_HASH = "de4dc086e74c653a"
VECTOR_SCRIPT = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("hashing", sys.argv[1])
hashing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hashing)
print(hashing.digest([hashing.HASH_SCHEME, hashing.normalized_source(sys.stdin.read())]))
"""


def _interpreters() -> list[str]:
    """This interpreter and every other CPython 3.11+ the machine has (pyenv's, on this kind of machine)."""
    found = {sys.executable}
    for path in sorted(Path("/root/.pyenv/versions").glob("3.1[1-9]*/bin/python")):
        found.add(str(path))
    return sorted(found)


def test_the_code_hash_is_the_test_vector() -> None:
    assert digest([HASH_SCHEME, normalized_source(VECTOR_SOURCE)]) == VECTOR_HASH


@pytest.mark.parametrize("python", _interpreters())
def test_every_python_gives_the_same_code_hash(python: str) -> None:
    out = subprocess.run([python, "-c", VECTOR_SCRIPT, hashing.__file__], input=VECTOR_SOURCE,
                         capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip() == VECTOR_HASH, f"{python} hashes the vector as {out.stdout.strip()}"
