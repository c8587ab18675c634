"""df.smvGroupBy(...) from Python: the shared cases (tests/fixtures/helpers/grouped/grouped.json, which
GroupedSpec.scala runs too), key forms, SmvGroupedData's own methods and bad input."""
from __future__ import annotations

from typing import Any

import pytest
from pyspark.errors import AnalysisException, IllegalArgumentException
from pyspark.sql import DataFrame, GroupedData, SparkSession
from pyspark.sql import functions as F

import smv.helpers
from smv.panel import Month
from tests.helpers import grouped_cases

CASES = grouped_cases.load("grouped.json")["cases"]


@pytest.fixture(scope="module")
def sales(spark: SparkSession) -> DataFrame:
    smv.helpers.install()
    return grouped_cases.input_df(spark, CASES[0]["input"])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_case(spark: SparkSession, case: dict[str, Any]) -> None:
    smv.helpers.install()
    df = grouped_cases.input_df(spark, case["input"])
    columns, rows = grouped_cases.rendered(grouped_cases.run(df, case["keys"], case["call"], case["args"]))
    assert columns == case["expected"]["columns"]
    assert rows == grouped_cases.sort_rows(case["expected"]["rows"])


def test_smv_module_path_and_the_grouped_object(sales: DataFrame) -> None:
    from smv.helpers import SmvGroupedData

    grouped = sales.smvGroupBy("id", F.col("month"))  # type: ignore[attr-defined]
    assert isinstance(grouped, SmvGroupedData)
    assert grouped.keys == ["id", "month"]
    assert grouped.toDF().count() == 3 and grouped.df.columns == sales.columns
    assert isinstance(grouped.toGroupedData(), GroupedData)


def test_an_expression_key_is_added_under_its_name(sales: DataFrame) -> None:
    res = sales.smvGroupBy((F.col("count") >= 200).alias("big")).agg(F.count("*").alias("n"))  # type: ignore[attr-defined]
    assert sorted(map(tuple, res.collect())) == [(False, 1), (True, 2)]


def test_smv_re_partition_partitions_by_the_keys(sales: DataFrame) -> None:
    grouped = sales.smvGroupBy("month").smvRePartition(5)  # type: ignore[attr-defined]
    parts = grouped.toDF().rdd.glom().map(lambda rows: sorted({r["month"] for r in rows})).collect()
    assert len(parts) == 5
    assert sorted(m for p in parts for m in p) == ["5/14", "6/14"], "each month in exactly one partition"


def test_a_missing_column_is_sparks_error_naming_it(sales: DataFrame) -> None:
    with pytest.raises(AnalysisException, match="nosuch"):
        sales.smvGroupBy("nosuch")  # type: ignore[attr-defined]
    with pytest.raises(AnalysisException, match="nosuch"):
        sales.smvGroupBy("id").smvFillNullWithPrevValue("month")("nosuch")  # type: ignore[attr-defined]
    with pytest.raises(AnalysisException, match="nosuch"):
        sales.smvGroupBy("id").smvPercentRank(["nosuch"])  # type: ignore[attr-defined]
    with pytest.raises(AnalysisException, match="nosuch"):
        sales.smvGroupBy("id").smvWithTimePanel("nosuch", Month(2014, 1), Month(2014, 2))  # type: ignore[attr-defined]


@pytest.mark.parametrize("call, message", [
    (lambda g: g.smvTopNRecs("3", "count"), r"smvTopNRecs\(maxElems, \*orderCols\): maxElems must be an int"),
    (lambda g: g.smvTopNRecs(3), r"smvTopNRecs\(maxElems, \*orderCols\): needs at least one order column"),
    (lambda g: g.smvPivotSum("month", ["count"], []), r"smvPivotSum\(pivotCols, valueCols, baseOutput\): pivotCols must be"),
    (lambda g: g.smvQuantile(["count"], 4.5), r"smvQuantile\(value_cols, bin_num, ignoreNull\): bin_num must be an int"),
    (lambda g: g.smvDecile("count"), r"smvQuantile\(value_cols, bin_num, ignoreNull\): value_cols must be a list"),
    (lambda g: g.smvWithTimePanel("ts", "2014-01", Month(2014, 2)), r"smvWithTimePanel\(time_col, start, end\): start must be a period"),
    (lambda g: g.smvTimePanelAgg("ts", Month(2014, 1), Month(2014, 2))("sum(v)"), r"each aggregate must be a Column"),
    (lambda g: g.smvFillNullWithPrevValue()("count"), r"smvFillNullWithPrevValue\(\*orderCols\)\(\*valueCols\): needs at least one order"),
])
def test_wrong_types_are_a_type_error_naming_the_helper(sales: DataFrame, call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call(sales.smvGroupBy("id"))  # type: ignore[attr-defined]


def test_bad_values_are_one_sentence(sales: DataFrame) -> None:
    with pytest.raises(IllegalArgumentException,
                       match=r"smvQuantile\(valueCols, numBins, ignoreNull\) needs numBins of 2 or more, not 1"):
        sales.smvGroupBy("id").smvQuantile(["count"], 1)  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match=r"smvGroupBy\(\*cols\): needs at least one key column"):
        sales.smvGroupBy()  # type: ignore[attr-defined]
