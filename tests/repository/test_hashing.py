"""Source normalization behind the hashes."""
from __future__ import annotations

from smv.hashing import class_source, digest, normalized_source

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


def test_class_source_finds_the_last_definition_with_its_decorators() -> None:
    assert class_source(MODULE, "A") == 'class A:  # redefined: the last definition wins\n    value = 2\n'
    assert class_source(MODULE, "B") == "@decorate\nclass B:\n    pass\n"
    assert class_source(MODULE, "Missing") is None


def test_digest_frames_its_parts() -> None:
    assert digest(["ab", "c"]) != digest(["a", "bc"])
    assert digest(["x"]) == digest(["x"]) and len(digest(["x"])) == 16
