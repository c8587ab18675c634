"""The fixture apps the suite knows: every dataset's expected metadata, as a server must give it.

Fixture "cfix" is written twice with the same graph: in Python
(tests/fixtures/apps/contract, stages cfix.ingest and cfix.report) and in Scala
(scala_repo/fixtures/src/main/scala/cfix, in smv-fixtures.jar). It has an inline CSV
input, a module with DQM rules, fixes and a policy, an ext reference (a dataset of the
other language, never served here), a module on a user-defined base class, a link to
another stage's output, an ext link, a versioned module and a table name.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from smv.transport.proto import pb


@dataclass(frozen=True)
class ExpectedDataSet:
    """What a server must answer for one dataset (the language is the server's own)."""

    urn: str
    kind: int
    stage: str
    dependency_urns: tuple[str, ...] = ()
    is_ephemeral: bool = False
    is_output: bool = False
    dqm: pb.DqmPolicy = field(default_factory=pb.DqmPolicy)
    description: str = ""
    table_name: str | None = None
    version: str | None = None
    has_user_base_class: bool = False


@dataclass(frozen=True)
class Fixture:
    """An app's expected graph; `foreign_urn` names a dataset it depends on but does not own."""

    name: str
    stages: tuple[str, ...]
    datasets: tuple[ExpectedDataSet, ...]
    foreign_urn: str
    unknown_stage: str
    run_chain: tuple[int, int, int]
    """Indexes of an input, a module on it (and the foreign dataset), and a module linking to that one."""

    @property
    def urns(self) -> list[str]:
        return sorted(d.urn for d in self.datasets)

    def dataset(self, urn: str) -> ExpectedDataSet:
        return next(d for d in self.datasets if d.urn == urn)

    def in_stage(self, stage: str) -> list[ExpectedDataSet]:
        return sorted((d for d in self.datasets if d.stage == stage), key=lambda d: d.urn)

    def closure(self, urn: str) -> set[str]:
        """The owned datasets `urn` depends on, transitively (links and foreign ones not followed)."""
        owned = {d.urn for d in self.datasets}
        seen: set[str] = set()
        pending = [urn]
        while pending:
            for dep in self.dataset(pending.pop()).dependency_urns:
                if dep in owned and dep not in seen:
                    seen.add(dep)
                    pending.append(dep)
        seen.discard(urn)
        return seen


def _policy(count: int | None = None) -> pb.TaskPolicy:
    if count is not None:
        return pb.TaskPolicy(fail_count=pb.TaskPolicy.FailCount(threshold=count))
    return pb.TaskPolicy(fail_none=pb.TaskPolicy.FailNone())


_ORDERS = "urn:smv:mod:cfix.ingest.data.Orders"
_CLEAN = "urn:smv:mod:cfix.ingest.data.CleanOrders"
_AUDITED = "urn:smv:mod:cfix.ingest.data.AuditedOrders"
_RATES = "urn:smv:mod:cfix.ingest.data.Rates"
_SUMMARY = "urn:smv:mod:cfix.report.summary.Summary"
_DETAIL = "urn:smv:mod:cfix.report.summary.Detail"

CFIX = Fixture(
    name="cfix",
    stages=("cfix.ingest", "cfix.report"),
    foreign_urn=_RATES,
    unknown_stage="cfix.nosuchstage",
    run_chain=(0, 1, 3),
    datasets=(
        ExpectedDataSet(
            _ORDERS, pb.DATA_SET_KIND_INPUT, "cfix.ingest", is_ephemeral=True,
            dqm=pb.DqmPolicy(policies=[pb.DataSetPolicy(fail_parser_count=1)]),
            description="Orders (id, amount, quantity)."),
        ExpectedDataSet(
            _CLEAN, pb.DATA_SET_KIND_MODULE, "cfix.ingest", (_ORDERS, _RATES), is_output=True,
            dqm=pb.DqmPolicy(
                rules=[pb.DqmRule(name="non_negative_amount", expression="amount >= 0", task_policy=_policy(3))],
                fixes=[pb.DqmFix(name="at_least_one", condition="quantity < 1", column="quantity", value="1",
                                 task_policy=_policy())],
                policies=[pb.DataSetPolicy(fail_total_rule_count=5)]),
            description="Orders with DQM: negative amounts rejected, zero quantities fixed."),
        ExpectedDataSet(
            _AUDITED, pb.DATA_SET_KIND_MODULE, "cfix.ingest", (_CLEAN,), is_ephemeral=True,
            description="Clean orders through a user base class.", has_user_base_class=True),
        ExpectedDataSet(
            _SUMMARY, pb.DATA_SET_KIND_MODULE, "cfix.report",
            ("urn:smv:link:cfix.ingest.data.CleanOrders", "urn:smv:link:cfix.ingest.data.Rates"),
            is_output=True, description="Order count of the clean orders.", table_name="cfix_summary"),
        ExpectedDataSet(
            _DETAIL, pb.DATA_SET_KIND_MODULE, "cfix.report", (_SUMMARY,),
            description="The summary again, versioned.", version="2"),
    ),
)

FIXTURES: dict[str, Fixture] = {CFIX.name: CFIX}
"""Every fixture the suite knows, by name (the --fixture argument)."""
