"""Canonical dataset names on the wire: urn:smv:mod:<fqn> and urn:smv:link:<fqn>."""
from __future__ import annotations

import re
from dataclasses import dataclass

MOD_PREFIX = "urn:smv:mod:"
LINK_PREFIX = "urn:smv:link:"
_FQN = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)+$")
EXPECTED_FORM = "urn:smv:mod:<fqn> or urn:smv:link:<fqn> (fqn like 'stage.module.Class')"


class MalformedUrnError(ValueError):
    """A string that is not a canonical SMV urn."""

    def __init__(self, urn: str) -> None:
        super().__init__(f"malformed urn {urn!r}: expected {EXPECTED_FORM}")
        self.urn = urn


@dataclass(frozen=True)
class Urn:
    """A parsed urn: `kind` is "mod" or "link"; `fqn` the dataset's full name."""

    kind: str
    fqn: str

    def __str__(self) -> str:
        return f"urn:smv:{self.kind}:{self.fqn}"

    @property
    def is_link(self) -> bool:
        return self.kind == "link"


def parse_urn(urn: str) -> Urn:
    """Parses a canonical urn, raising MalformedUrnError naming the expected form."""
    for kind, prefix in (("mod", MOD_PREFIX), ("link", LINK_PREFIX)):
        if isinstance(urn, str) and urn.startswith(prefix) and _FQN.match(urn[len(prefix):]):
            return Urn(kind, urn[len(prefix):])
    raise MalformedUrnError(urn)


def mod_urn(fqn: str) -> str:
    return MOD_PREFIX + fqn


def link_urn(fqn: str) -> str:
    return LINK_PREFIX + fqn
