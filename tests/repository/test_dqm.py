"""DQM objects become the proto DqmPolicy; Columns become Spark SQL text."""
from __future__ import annotations

import pytest
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from smv.api.dqm import (
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
)


def test_policy_to_proto() -> None:
    dqm = (SmvDQM().add(DQMRule("b < 0.4", "b_small", FailPercent(0.5)))
           .add(DQMRule("a IS NOT NULL", taskPolicy=FailAny()))
           .add(DQMFix("a < 1", "1 as a", "fix_a", FailCount(3)))
           .add(FailParserCountPolicy(1)).add(FailTotalRuleCountPolicy(2)).add(FailTotalFixCountPolicy(3))
           .add(FailTotalRulePercentPolicy(0.25)).add(FailTotalFixPercentPolicy(0.5)))
    proto = dqm.to_proto()
    assert [(r.name, r.expression, r.task_policy.WhichOneof("policy")) for r in proto.rules] == [
        ("b_small", "b < 0.4", "fail_percent"), ("a IS NOT NULL", "a IS NOT NULL", "fail_any")]
    assert proto.rules[0].task_policy.fail_percent.threshold == 0.5
    (fix,) = proto.fixes
    assert (fix.name, fix.condition, fix.column, fix.value, fix.task_policy.fail_count.threshold) == (
        "fix_a", "a < 1", "a", "1", 3)
    assert [(p.WhichOneof("policy"), getattr(p, p.WhichOneof("policy"))) for p in proto.policies] == [
        ("fail_parser_count", 1), ("fail_total_rule_count", 2), ("fail_total_fix_count", 3),
        ("fail_total_rule_percent", 0.25), ("fail_total_fix_percent", 0.5)]


def test_add_returns_a_new_policy() -> None:
    empty = SmvDQM()
    one = empty.add(DQMRule("a > 0", "pos"))
    assert empty.rules == () and len(one.rules) == 1


def test_default_task_policy_is_fail_none_and_a_class_is_accepted() -> None:
    assert DQMRule("a > 0").task_policy == FailNone()
    assert DQMRule("a > 0", taskPolicy=FailAny).task_policy == FailAny()


@pytest.mark.parametrize("fix, column, value", [
    ("1 as a", "a", "1"), ("CASE WHEN b > 1 THEN 'x as y' ELSE 'z' END AS label", "label", "CASE WHEN b > 1 THEN 'x as y' ELSE 'z' END"),
    ("cast(b as int) AS `my col`", "my col", "cast(b as int)")])
def test_fix_text_splits_at_the_last_top_level_as(fix: str, column: str, value: str) -> None:
    made = DQMFix("b > 1", fix, "f")
    assert (made.column, made.value) == (column, value)


@pytest.mark.parametrize("make, message", [
    (lambda: DQMFix("a < 1", "1", "f"), "'<value> AS <column>'"),
    (lambda: DQMRule("", "r"), "DQMRule rule must not be empty"),
    (lambda: DQMRule(42, "r"), "DQMRule rule must be Spark SQL text or a pyspark Column"),
    (lambda: DQMRule("a > 0", "r", "FailAny"), "taskPolicy of DQMRule 'r' must be"),
    (lambda: FailCount(-1), "FailCount threshold must be a non-negative int"),
    (lambda: FailPercent(1.5), "FailPercent threshold must be a rate between 0.0 and 1.0"),
    (lambda: FailTotalRulePercentPolicy(2), "FailTotalRulePercentPolicy threshold must be a rate"),
    (lambda: FailParserCountPolicy(0.5), "FailParserCountPolicy threshold must be a non-negative int"),
    (lambda: SmvDQM().add(DQMRule("a > 0", "x")).add(DQMFix("a < 0", "0 as a", "x")), "named 'x'"),
    (lambda: SmvDQM().add("a > 0"), "SmvDQM.add takes a DQMRule, DQMFix or dataset policy"),
])
def test_bad_arguments_are_named(make: object, message: str) -> None:
    with pytest.raises((ValueError, TypeError)) as info:
        make()  # type: ignore[operator]
    assert message in str(info.value)


def test_columns_become_spark_sql_that_means_the_same(spark: SparkSession) -> None:
    df = spark.createDataFrame([(1, 0.3, None, "it's"), (5, 0.9, "x", "a")], "a int, b double, c string, s string")
    columns = [F.col("b") < 0.4, (F.col("a") > 1) & F.col("c").isNull(), F.col("a").isin(1, 2),
               F.col("s") == "it's", ~(F.col("a") == 1), F.col("a").between(0, 5),
               F.when(F.col("a") > 2, "big").otherwise("small") == "big", F.upper(F.col("s")) == "A",
               F.col("a").cast("string") == "5", F.col("c").isNotNull() | (F.col("b") >= 0.9)]
    for column in columns:
        rule = DQMRule(column)
        assert sorted(df.where(rule.expression).collect()) == sorted(df.where(column).collect()), rule.expression
    assert DQMRule(F.col("b") < 0.4, "b").expression == "(b < 0.4D)"


def test_an_aliased_column_is_a_fix(spark: SparkSession) -> None:
    fix = DQMFix(F.col("a") < 1, F.lit(1).alias("a"), "fix_a")
    assert (fix.condition, fix.column, fix.value) == ("(a < 1)", "a", "1")
