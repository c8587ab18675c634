"""DQM as data: rules, fixes and policies (the repository describes them as the contract's DqmPolicy).

Expressions are Spark SQL text (a pyspark Column is accepted and written as SQL),
so the policy means the same to every repository and SmvApp applies it on the JVM.
`SmvDQM` is immutable: `add` returns a new policy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Union

from smv.api.column_sql import alias_of, to_sql

# What `from smv.dqm import *` gives an app (SMV 2.x's names).
__all__ = ["SmvDQM", "DQMRule", "DQMFix", "FailNone", "FailAny", "FailCount", "FailPercent", "FailParserCountPolicy",
           "FailTotalRuleCountPolicy", "FailTotalFixCountPolicy", "FailTotalRulePercentPolicy",
           "FailTotalFixPercentPolicy"]

class TaskPolicy:
    """How many failures of one rule or fix a run tolerates."""


@dataclass(frozen=True)
class FailNone(TaskPolicy):
    """Any number of failures is fine."""


@dataclass(frozen=True)
class FailAny(TaskPolicy):
    """A single failure fails the run."""


@dataclass(frozen=True)
class FailCount(TaskPolicy):
    """`threshold` or more failures fail the run (SMV's semantics)."""

    threshold: int

    def __post_init__(self) -> None:
        _check_count("FailCount", self.threshold)


@dataclass(frozen=True)
class FailPercent(TaskPolicy):
    """A non-zero failure rate of `threshold` or more (0.0 to 1.0) fails the run."""

    threshold: float

    def __post_init__(self) -> None:
        _check_rate("FailPercent", self.threshold)


class DataSetPolicy:
    """A policy over a dataset's DQM totals: a count of records, or a rate (`is_rate`)."""

    is_rate: bool = False

    def __init__(self, threshold: float) -> None:
        if self.is_rate:
            _check_rate(type(self).__name__, threshold)
        else:
            _check_count(type(self).__name__, threshold)
        self.threshold = threshold

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DataSetPolicy) and type(other) is type(self) and other.threshold == self.threshold

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.threshold))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.threshold!r})"


class FailParserCountPolicy(DataSetPolicy):
    """Fails when `threshold` or more input records failed to parse."""


class FailTotalRuleCountPolicy(DataSetPolicy):
    """Fails when `threshold` or more records failed rules, over all rules."""


class FailTotalFixCountPolicy(DataSetPolicy):
    """Fails when `threshold` or more fixes were applied, over all fixes."""


class FailTotalRulePercentPolicy(DataSetPolicy):
    """Fails when the rule-failure rate (0.0 to 1.0) is non-zero and `threshold` or more."""

    is_rate = True


class FailTotalFixPercentPolicy(DataSetPolicy):
    """Fails when the fix rate (0.0 to 1.0) is non-zero and `threshold` or more."""

    is_rate = True


class DQMRule:
    """Records failing `rule` (SQL text or Column) are dropped and counted."""

    def __init__(self, rule: Any, name: str | None = None, taskPolicy: Any = None) -> None:
        self.expression = to_sql(rule, "DQMRule rule")
        self.name = name or self.expression
        self.task_policy = _task_policy(taskPolicy, f"DQMRule {self.name!r}")


class DQMFix:
    """In records meeting `condition`, sets a column to a value: `fix` is "<value> AS <column>"
    (e.g. "1 as a") or a Column aliased to the column (`lit(1).alias("a")`)."""

    def __init__(self, condition: Any, fix: Any, name: str | None = None, taskPolicy: Any = None) -> None:
        self.condition = to_sql(condition, "DQMFix condition")
        self.column, self.value = alias_of(fix, "DQMFix fix") or _split_alias(to_sql(fix, "DQMFix fix"))
        self.name = name or f"{self.condition} -> {self.column} = {self.value}"
        self.task_policy = _task_policy(taskPolicy, f"DQMFix {self.name!r}")



DqmItem = Union[DQMRule, DQMFix, DataSetPolicy]


class SmvDQM:
    """A dataset's DQM policy. Immutable: `add` returns a new SmvDQM."""

    def __init__(self, rules: tuple[DQMRule, ...] = (), fixes: tuple[DQMFix, ...] = (),
                 policies: tuple[DataSetPolicy, ...] = ()) -> None:
        self.rules, self.fixes, self.policies = tuple(rules), tuple(fixes), tuple(policies)

    def add(self, item: DqmItem) -> SmvDQM:
        """A new policy with `item` (a DQMRule, DQMFix or dataset policy) added."""
        if isinstance(item, DQMRule):
            self._check_unique(item.name)
            return SmvDQM(self.rules + (item,), self.fixes, self.policies)
        if isinstance(item, DQMFix):
            self._check_unique(item.name)
            return SmvDQM(self.rules, self.fixes + (item,), self.policies)
        if isinstance(item, DataSetPolicy):
            return SmvDQM(self.rules, self.fixes, self.policies + (item,))
        raise TypeError(f"SmvDQM.add takes a DQMRule, DQMFix or dataset policy "
                        f"(e.g. FailTotalRuleCountPolicy(10)), got {type(item).__name__}")

    def has_policy(self, kind: type) -> bool:
        return any(isinstance(p, kind) for p in self.policies)

    def to_proto(self) -> Any:
        """The contract's DqmPolicy message, as the repository describes it (smv.repository.describe)."""
        from smv.repository.describe import dqm_policy

        return dqm_policy(self)

    def _check_unique(self, name: str) -> None:
        if name in {r.name for r in self.rules} | {f.name for f in self.fixes}:
            raise ValueError(f"SmvDQM already has a rule or fix named {name!r}; names must be unique")


_AS = re.compile(r"\s+as\s+", re.IGNORECASE)


def _split_alias(sql: str) -> tuple[str, str]:
    """("a", "1") from "1 as a": the last top-level AS outside quotes and parentheses."""
    depth, quote, split = 0, "", None
    for i, ch in enumerate(sql):
        if quote:
            quote = "" if ch == quote and sql[i - 1] != "\\" else quote
        elif ch in "'\"`":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and ch.isspace():
            match = _AS.match(sql, i)
            if match:
                split = match
    if split is None or not sql[split.end():].strip():
        raise ValueError(f"DQMFix fix must read '<value> AS <column>' (e.g. '1 as a'), got {sql!r}")
    column = sql[split.end():].strip()
    if column.startswith("`") and column.endswith("`"):
        column = column[1:-1].replace("``", "`")
    return column, sql[:split.start()].strip()


def _task_policy(policy: Any, owner: str) -> TaskPolicy:
    if policy is None:
        return FailNone()
    if isinstance(policy, type) and issubclass(policy, (FailNone, FailAny)):
        return policy()
    if isinstance(policy, TaskPolicy):
        return policy
    raise TypeError(f"taskPolicy of {owner} must be FailNone(), FailAny(), FailCount(n) or FailPercent(r), "
                    f"got {policy!r}")


def _check_count(name: str, threshold: Any) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise ValueError(f"{name} threshold must be a non-negative int, got {threshold!r}")


def _check_rate(name: str, threshold: Any) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 <= threshold <= 1.0:
        raise ValueError(f"{name} threshold must be a rate between 0.0 and 1.0, got {threshold!r}")
