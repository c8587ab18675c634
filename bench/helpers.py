"""The helpers goal of issue 16: SMV's helpers cost what the hand-written pyspark costs.

A table of cases, each an SMV helper and the same result written by hand in pyspark, timed
side by side (interleaved) on the same generated rows; adding a helper (smvPivotSum, smvEdd)
is one more line in CASES. Plus one call of a helper from Python vs the same call from Scala
(bench/src/main/scala/smv/bench/HelperCallLoop.scala): what py4j adds per call.
"""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from pyspark.sql import functions as F


class Line(NamedTuple):
    """One line of the bench table (bench.suite makes it a Result of goal "helpers")."""

    what: str
    measured: float
    baseline: float
    unit: str
    target: float | None
    note: str = ""


@dataclass(frozen=True)
class Inputs:
    """`big`: rows with a key of ~10 rows each; `other`: one row per key, a clashing column `v`;
    `more`: rows of another schema (some columns shared, one new) for unions."""

    big: Any
    other: Any
    more: Any


@dataclass(frozen=True)
class HelperCase:
    """An SMV helper and the hand-written pyspark that gives the same rows (DataFrames, computed
    to the noop sink), or, `computes` set, that does the same work when called (e.g. EDD's figures)."""

    name: str
    helper: Callable[[Inputs], Any]
    pyspark: Callable[[Inputs], Any]
    computes: bool = False


CASES = (
    HelperCase("smvDedupByKey", lambda d: d.big.smvDedupByKey("k"), lambda d: d.big.dropDuplicates(["k"])),
    HelperCase("smvJoinByKey", lambda d: d.big.smvJoinByKey(d.other, ["k"], "inner"),
               lambda d: d.big.join(d.other.withColumnRenamed("v", "_v"), ["k"], "inner")),
    HelperCase("smvUnion", lambda d: d.big.smvUnion(d.more),
               lambda d: d.big.unionByName(d.more, allowMissingColumns=True)),
    HelperCase("smvPivotSum", lambda d: d.big.smvGroupBy("k").smvPivotSum([["p"]], ["v"], ["0", "1", "2"]),
               lambda d: d.big.groupBy("k").pivot("p", ["0", "1", "2"]).sum("v").toDF("k", "v_0", "v_1", "v_2")),
    HelperCase("smvEdd", lambda d: d.big.smvEddDF("v").collect(), lambda d: d.big.agg(
        F.count("v"), F.sum(F.col("v").isNull().cast("int")), F.avg("v"), F.stddev("v"), F.min("v"), F.max("v")
    ).collect(), computes=True),
)


def inputs(spark: Any, rows: int) -> Inputs:
    keys = max(1, rows // 10)
    big = spark.range(rows).selectExpr(f"id % {keys} AS k", "id AS v", "CAST(id * 3 AS STRING) AS w",
                                       "CAST(id % 3 AS STRING) AS p")
    other = spark.range(keys).selectExpr("id AS k", "id * 2 AS v", "CAST(id AS STRING) AS u")
    more = spark.range(rows).selectExpr(f"id % {keys} AS k", "id AS v", "id * 5 AS x")
    return Inputs(big, other, more)


def run_job(df: Any) -> None:
    """Computes every row without collecting any (Spark's noop sink)."""
    df.write.format("noop").mode("overwrite").save()


def timed(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def helpers_vs_pyspark(spark: Any, rows: int, repeat: int) -> list[Line]:
    """Each case's helper vs its hand-written pyspark, `repeat` times each, interleaved; medians."""
    data = inputs(spark, rows)
    results = []
    for case in CASES:
        if case.computes:
            sides = {"helper": lambda: case.helper(data), "plain": lambda: case.pyspark(data)}
        else:
            helper, plain = case.helper(data), case.pyspark(data)
            assert helper.columns == plain.columns, (case.name, helper.columns, plain.columns)
            sides = {"helper": lambda: run_job(helper), "plain": lambda: run_job(plain)}
        for work in sides.values():  # warm-up, untimed: both plans' first jobs
            work()
        times: dict[str, list[float]] = {"helper": [], "plain": []}
        for i in range(repeat):
            order = ("helper", "plain") if i % 2 == 0 else ("plain", "helper")
            for side in order:
                times[side].append(timed(sides[side]))
        h, p = statistics.median(times["helper"]), statistics.median(times["plain"])
        results.append(Line(f"{case.name} on {rows:,} rows vs hand-written pyspark (s, median)",
                              h, p, "s", 1.2))
    return results


def python_vs_scala_call(spark: Any, calls: int, rounds: int) -> list[Line]:
    """df.smvSelectPlus(...) from Python vs from Scala: the difference per call against the 2 ms goal.
    The Column argument is made once on both sides: what is timed is the helper's call alone, not
    pyspark building a Column (its own py4j calls, the same with or without SMV)."""
    from pyspark.sql.functions import col

    from smv.spark.jvm import jvm_of

    df = spark.range(10).selectExpr("id AS k", "id AS v")
    v2 = (col("v") * 2).alias("v2")

    def python_round() -> float:
        start = time.perf_counter_ns()
        for _ in range(calls):
            df.smvSelectPlus(v2)
        return (time.perf_counter_ns() - start) / calls

    python_round()
    python_ns = statistics.median(python_round() for _ in range(rounds))
    scala_ns = float(jvm_of(spark).smv.bench.HelperCallLoop.selectPlus(df._jdf, calls, rounds))
    difference_ms = max(python_ns - scala_ns, 1e-6) / 1e6
    return [Line("smvSelectPlus per call: Python minus Scala (ms, vs the 2 ms goal)", difference_ms, 2.0,
                   "ms", 1.0, f"Python {python_ns / 1e6:.3f} ms, Scala {scala_ns / 1e6:.3f} ms per call")]
