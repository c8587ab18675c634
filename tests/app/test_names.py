"""Names people type resolve to one urn, or to an error listing what was meant."""
import pytest

from smv.app.names import NameResolutionError, resolve_name
from smv.repository.urn import MalformedUrnError

URNS = ["urn:smv:mod:a.x.Orders", "urn:smv:mod:b.y.Orders", "urn:smv:mod:a.x.Clean", "urn:smv:mod:a.Customers"]


@pytest.mark.parametrize("name, urn", [
    ("urn:smv:mod:a.x.Clean", "urn:smv:mod:a.x.Clean"),
    ("a.x.Orders", "urn:smv:mod:a.x.Orders"),
    ("Clean", "urn:smv:mod:a.x.Clean"),
    ("y.Orders", "urn:smv:mod:b.y.Orders"),
    ("Customers", "urn:smv:mod:a.Customers"),
])
def test_resolves_urn_fqn_and_unique_suffix(name: str, urn: str) -> None:
    assert resolve_name(name, URNS) == urn


def test_ambiguous_suffix_lists_every_candidate() -> None:
    with pytest.raises(NameResolutionError, match=r"'Orders' is ambiguous: it matches a\.x\.Orders, b\.y\.Orders"):
        resolve_name("Orders", URNS)


def test_suffix_must_end_at_a_dot() -> None:
    with pytest.raises(NameResolutionError, match=r"no dataset named 'lean'"):
        resolve_name("lean", URNS)


def test_unknown_and_malformed_urns() -> None:
    with pytest.raises(NameResolutionError, match=r"no dataset urn:smv:mod:a\.Nope"):
        resolve_name("urn:smv:mod:a.Nope", URNS)
    with pytest.raises(MalformedUrnError):
        resolve_name("urn:smv:bogus", URNS)
