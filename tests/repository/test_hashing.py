"""Source normalization behind the hashes."""
from __future__ import annotations

import ast

from smv.repository.hashing import ClassCode, class_trees, digest, normalized_source

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
    assert code.get("m", "B") == ast.dump(trees["B"])
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
