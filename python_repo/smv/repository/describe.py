"""Describing API objects as the contract's messages: the one step from the user API's plain
objects (smv.api) to what crosses the wire (smv.transport.proto), so the API never builds a
message itself.
"""
from __future__ import annotations

from smv.api.dqm import (
    DataSetPolicy,
    DQMFix,
    DQMRule,
    FailAny,
    FailCount,
    FailNone,
    FailParserCountPolicy,
    FailPercent,
    FailTotalFixCountPolicy,
    FailTotalFixPercentPolicy,
    FailTotalRuleCountPolicy,
    FailTotalRulePercentPolicy,
    SmvDQM,
    TaskPolicy,
)
from smv.transport.proto import pb

# Each dataset policy's member of the DataSetPolicy oneof.
_DATASET_POLICY_FIELDS: dict[type[DataSetPolicy], str] = {
    FailParserCountPolicy: "fail_parser_count",
    FailTotalRuleCountPolicy: "fail_total_rule_count",
    FailTotalFixCountPolicy: "fail_total_fix_count",
    FailTotalRulePercentPolicy: "fail_total_rule_percent",
    FailTotalFixPercentPolicy: "fail_total_fix_percent",
}


def task_policy(policy: TaskPolicy) -> pb.TaskPolicy:
    """A rule's or fix's policy as a TaskPolicy message."""
    if isinstance(policy, FailNone):
        return pb.TaskPolicy(fail_none=pb.TaskPolicy.FailNone())
    if isinstance(policy, FailAny):
        return pb.TaskPolicy(fail_any=pb.TaskPolicy.FailAny())
    if isinstance(policy, FailCount):
        return pb.TaskPolicy(fail_count=pb.TaskPolicy.FailCount(threshold=policy.threshold))
    if isinstance(policy, FailPercent):
        return pb.TaskPolicy(fail_percent=pb.TaskPolicy.FailPercent(threshold=policy.threshold))
    raise TypeError(f"no message describes the task policy {policy!r}: expected FailNone, FailAny, FailCount or "
                    "FailPercent")


def dataset_policy(policy: DataSetPolicy) -> pb.DataSetPolicy:
    """A policy over a dataset's DQM totals as a DataSetPolicy message."""
    field = _DATASET_POLICY_FIELDS.get(type(policy))
    if field is None:
        raise TypeError(f"no message describes the dataset policy {policy!r}: expected one of "
                        f"{', '.join(c.__name__ for c in _DATASET_POLICY_FIELDS)}")
    message = pb.DataSetPolicy()
    setattr(message, field, policy.threshold)
    return message


def dqm_rule(rule: DQMRule) -> pb.DqmRule:
    return pb.DqmRule(name=rule.name, expression=rule.expression, task_policy=task_policy(rule.task_policy))


def dqm_fix(fix: DQMFix) -> pb.DqmFix:
    return pb.DqmFix(name=fix.name, condition=fix.condition, column=fix.column, value=fix.value,
                     task_policy=task_policy(fix.task_policy))


def dqm_policy(dqm: SmvDQM) -> pb.DqmPolicy:
    """A dataset's DQM as the DqmPolicy message of its metadata."""
    return pb.DqmPolicy(rules=[dqm_rule(r) for r in dqm.rules], fixes=[dqm_fix(f) for f in dqm.fixes],
                        policies=[dataset_policy(p) for p in dqm.policies])
