"""What a person types (`-m stage.Mod`) to the canonical urn on the wire.

A name is a urn, a full fqn, or a unique suffix of an fqn at a '.' boundary.
"""
from __future__ import annotations

from typing import Iterable

from smv.repository.urn import MOD_PREFIX, parse_urn


class NameResolutionError(ValueError):
    """A name that matches no dataset, or more than one."""


def resolve_name(name: str, urns: Iterable[str]) -> str:
    """The one dataset urn `name` designates among `urns`."""
    known = sorted(set(urns))
    if name.startswith("urn:"):
        parse_urn(name)
        if name in known:
            return name
        raise NameResolutionError(f"no dataset {name} in this app")
    fqns = {u[len(MOD_PREFIX):]: u for u in known if u.startswith(MOD_PREFIX)}
    if name in fqns:
        return fqns[name]
    matches = [u for fqn, u in sorted(fqns.items()) if fqn.endswith("." + name)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NameResolutionError(f"no dataset named {name!r} in this app (looked among {len(fqns)} datasets)")
    candidates = ", ".join(m[len(MOD_PREFIX):] for m in matches)
    raise NameResolutionError(f"{name!r} is ambiguous: it matches {candidates}")
