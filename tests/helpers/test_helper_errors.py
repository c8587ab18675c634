"""Bad input to a helper: Spark's error naming a missing column (as a pyspark exception, never a
raw Py4JJavaError), a TypeError naming the helper and its arguments, one sentence for a rename
onto an existing column."""
from __future__ import annotations

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.errors import AnalysisException, IllegalArgumentException
from pyspark.sql import SparkSession
from pyspark.sql.functions import col

from smv.functions import smvHashKey, smvStrCat
from tests.helpers import cases


@pytest.fixture(scope="module")
def left(spark: SparkSession):  # type: ignore[no-untyped-def]
    return cases.load(spark, cases.ROOT / "tables" / "left.jsonl")


@pytest.mark.parametrize("call", [
    lambda df: df.smvSelectMinus("nope"),
    lambda df: df.smvDedupByKey("nope"),
    lambda df: df.smvDedupByKeyWithOrder("nope")(col("v")),
    lambda df: df.smvJoinByKey(df, ["nope"], "inner"),
    lambda df: df.smvUnpivot("nope"),
    lambda df: df.smvSelectPlus(col("nope")),
])
def test_a_missing_column_is_sparks_analysis_error_naming_it(left, call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AnalysisException, match="nope") as raised:
        call(left)
    assert not isinstance(raised.value, Py4JJavaError)


def test_renaming_onto_an_existing_column_is_one_sentence_naming_it(left) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IllegalArgumentException, match="smvRenameField: cannot rename to 'w', the DataFrame already"):
        left.smvRenameField(("v", "w"))


@pytest.mark.parametrize("call, message", [
    (lambda df: df.smvSelectPlus(1), r"smvSelectPlus\(\*cols: str or Column\): wrong arguments, got \(int 1\)"),
    (lambda df: df.smvSelectMinus(), r"smvSelectMinus\(\*cols: str or Column, at least one\)"),
    (lambda df: df.smvRenameField("v", "vv"), r"smvRenameField\(\*namePairs: \(old: str, new: str\) tuples\)"),
    (lambda df: df.smvJoinByKey(df, "k", 3), r"smvJoinByKey\(other: DataFrame, keys: list of str, joinType: str\)"),
    (lambda df: df.smvDedupByKeyWithOrder("k")(), r"smvDedupByKeyWithOrder\(\*keys\)\(\*orderCols"),
    (lambda df: df.smvOverlapCheck("k")(1), r"smvOverlapCheck\(keyColName\)\(\*dfs: DataFrame"),
    (lambda df: df.smvHashSample("k", rate="x"), r"smvHashSample\(key: str or Column, rate: float"),
    (lambda df: df.smvUnpivotRegex("A_1", 1), r"smvUnpivotRegex\(cols: list of str, colNameFn"),
    (lambda df: col("v").smvPlusDays("1"), r"smvPlusDays\(n: int or Column\)"),
    (lambda df: smvStrCat("-"), r"smvStrCat\(\[sep: str,\] \*cols: Column, at least one column\)"),
    (lambda df: smvHashKey(1), r"smvHashKey\(\[prefix: str,\] \*cols: Column\)"),
])
def test_wrong_arguments_are_a_type_error_naming_the_helper(left, call, message):  # type: ignore[no-untyped-def]
    with pytest.raises(TypeError, match=message):
        call(left)
