"""The helper cases both languages share (tests/fixtures/helpers), and their Python calls.

Each fixture file's first line is a Spark DDL schema, the other lines JSON rows. The Scala
suite (scala_repo/src/test/scala/smv/helpers/) reads the same files and makes the same calls,
so the two languages must answer the same rows.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.functions import array, array_sort, col, lit
from pyspark.sql.types import IntegerType

import smv  # noqa: F401 - puts the helpers on DataFrame and Column
from smv.functions import (diceSorensen, jaroWinkler, nGram2, nGram3, normlevenshtein, smvArrayCat, smvCollectSet,
                           smvCreateLookUp, smvFirst, smvHashKey, smvStrCat)

ROOT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "helpers"
Tables = dict[str, DataFrame]


def load(spark: SparkSession, path: Path) -> DataFrame:
    """A fixture file as a one-partition DataFrame (so "any row per key" is the first one)."""
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    rows = spark.sparkContext.parallelize(lines[1:], 1)
    return spark.read.schema(lines[0]).option("mode", "FAILFAST").json(rows)


def names(folder: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / folder).glob("*.jsonl"))


def tables(spark: SparkSession) -> Tables:
    return {name: load(spark, ROOT / "tables" / f"{name}.jsonl") for name in names("tables")}


def expected(spark: SparkSession, name: str) -> DataFrame:
    return load(spark, ROOT / "expected" / f"{name}.jsonl")


def rows(df: DataFrame) -> list[str]:
    """Rows as Spark writes them in JSON (the same text from either language), sorted."""
    return sorted(df.toJSON().collect())


def text(name: str) -> str:
    """A text the helpers print or return (tests/fixtures/helpers/text/<name>.txt)."""
    return (ROOT / "text" / f"{name}.txt").read_text().removesuffix("\n")


def _multi(t: Tables, drop: bool) -> DataFrame:
    return (t["left"].smvJoinMultipleByKey(["k"], "inner").joinWith(t["right"], "_r")
            .joinWith(t["third"], "_t", "leftouter").doJoin(drop))


# The same calls as DataFrameHelpersSpec.scala, by the expected file's name.
CALLS: dict[str, Callable[[Tables], DataFrame]] = {
    "smvSelectPlus": lambda t: t["left"].smvSelectPlus((col("v") * 2).alias("v2")),
    "smvSelectMinus": lambda t: t["left"].smvSelectMinus("v", col("w")),
    "smvRenameField": lambda t: t["left"].smvRenameField(("v", "vv"), ("w", "ww")),
    "smvPrefixFieldNames": lambda t: t["third"].smvPrefixFieldNames("x_"),
    "smvExpandStruct": lambda t: t["addr"].smvExpandStruct("address"),
    "smvUnion": lambda t: t["left"].smvUnion(t["right"]),
    "smvJoinByKey_inner": lambda t: t["left"].smvJoinByKey(t["right"], ["k"], "inner"),
    "smvJoinByKey_outer": lambda t: t["left"].smvJoinByKey(t["right"], ["k"], "outer"),
    "smvSkewJoinByKey": lambda t: t["left"].smvSkewJoinByKey(t["right"], "inner", ["a"], "k"),
    "smvJoinMultipleByKey": lambda t: _multi(t, False),
    "smvJoinMultipleByKey_dropExtra": lambda t: _multi(t, True),
    "smvDedupByKey": lambda t: t["products"].smvDedupByKey("id"),
    "smvDedupByKey_two_keys": lambda t: t["products"].smvDedupByKey(col("id"), "product"),
    "smvDedupByKeyWithOrder": lambda t: t["products"].smvDedupByKeyWithOrder("id")(col("product").desc(), "company"),
    "smvUnpivot": lambda t: t["xyz"].smvUnpivot("X", "Y", "Z"),
    "smvUnpivotRegex": lambda t: t["wide"].smvUnpivotRegex(["A_1", "A_2", "B_1", "B_2"], "(.*)_(.*)", "index"),
    "smvHashSample": lambda t: t["ids"].smvHashSample("id", rate=0.5, seed=23),
    "smvOverlapCheck": lambda t: t["left"].smvOverlapCheck("k")(t["right"], t["third"]),
    "column_dates": lambda t: t["times"].select(
        col("t").smvYear().alias("y"), col("t").smvMonth().alias("m"), col("t").smvQuarter().alias("q"),
        col("t").smvDayOfMonth().alias("dom"), col("t").smvDayOfWeek().alias("dow"), col("t").smvHour().alias("h"),
        col("t").smvDay70().alias("d70"), col("t").smvMonth70().alias("m70")),
    "column_plus": lambda t: t["times"].select(
        col("t").smvPlusDays(1).alias("days"), col("t").smvPlusWeeks(1).alias("weeks"),
        col("t").smvPlusMonths(1).alias("months"), col("t").smvPlusYears(lit(1)).alias("years"),
        col("s").smvStrToTimestamp("yyyy-MM-dd").alias("parsed")),
    "column_isin": lambda t: t["pairs"].select(
        array(col("k"), col("v")).smvIsAllIn("a", "b", "c").alias("all"),
        array(col("k"), col("v")).smvIsAnyIn("a", "b", "c").alias("any")),
    "functions_agg": lambda t: t["nums"].groupBy("k").agg(
        smvFirst(col("v")).alias("f"), smvFirst(col("v"), True).alias("fnn"),
        array_sort(smvCollectSet(col("v"), IntegerType())).alias("vals")),
    "functions_row": lambda t: t["nums"].select(
        col("k"), smvStrCat(col("v"), col("s")).alias("cat"), smvStrCat("-", col("v"), col("s")).alias("catsep"),
        smvHashKey("p_", col("k"), col("v")).alias("hk"), smvArrayCat("|", array(col("k"), col("s"))).alias("ac"),
        smvCreateLookUp({"a": 1}, 0, IntegerType())(col("k")).alias("lk")),
    "functions_metrics": lambda t: t["strs"].select(
        nGram2(col("a"), col("b")).alias("ng2"), nGram3(col("a"), col("b")).alias("ng3"),
        diceSorensen(col("a"), col("b")).alias("dice"), normlevenshtein(col("a"), col("b")).alias("lev"),
        jaroWinkler(col("a"), col("b")).alias("jw")),
}
