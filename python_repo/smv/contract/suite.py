"""Runs the rules against one server and collects an Outcome per rule."""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Importing the rule modules registers their rules, in this order: what a server says, then how it answers.
from smv.contract import rules_catalog  # noqa: F401  # isort: skip
from smv.contract import rules_calls  # noqa: F401  # isort: skip
from smv.contract.check import RULES, Context, Skip, Violation
from smv.contract.fixture import Fixture
from smv.contract.wire import Wire


@dataclass(frozen=True)
class Outcome:
    """A rule's result: status "pass", "fail" (the server broke it), "error" (the check itself
    raised) or "skip" (does not apply, `why` says why)."""

    rule: str
    summary: str
    status: str
    why: str = ""
    request: str = ""
    got: str = ""
    seconds: float = 0.0

    def failure_text(self) -> str:
        return f"rule {self.rule} broken: {self.why}\n  request: {self.request}\n  got: {self.got}"


def run_suite(target: str, token: str, fixture: Fixture, *, deadline: float = 30.0,
              expected_hashes: dict[str, list[str]] | None = None,
              only: Sequence[str] = ()) -> tuple[list[Outcome], dict[str, list[str]]]:
    """Every rule (or those whose id starts with one of `only`) against `target`.

    Returns the outcomes and the hashes seen ({urn: [hash, hash_with_super_class]}), which a
    later run against a restarted server can pass as `expected_hashes`.
    """
    wire = Wire(target, token, deadline)
    ctx = Context(wire, fixture, expected_hashes)
    outcomes = []
    try:
        for r in RULES:
            if only and not any(r.id.startswith(prefix) for prefix in only):
                continue
            outcomes.append(_run_rule(r.id, r.summary, lambda: r.check(ctx)))  # noqa: B023 - called at once
    finally:
        wire.close()
    return outcomes, ctx.hashes


def _run_rule(rule_id: str, summary: str, check: Callable[[], None]) -> Outcome:
    start = time.perf_counter()
    try:
        check()
    except Violation as v:
        return Outcome(rule_id, summary, "fail", v.why, v.request, v.got, time.perf_counter() - start)
    except Skip as s:
        return Outcome(rule_id, summary, "skip", str(s), seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a check that raised is reported, the suite goes on
        return Outcome(rule_id, summary, "error", f"the check raised {type(exc).__name__}: {exc}",
                       seconds=time.perf_counter() - start)
    return Outcome(rule_id, summary, "pass", seconds=time.perf_counter() - start)
