"""Lists of strings cross py4j in a few calls whatever their length (smv.spark.jvm).

Iterating a java.util.List from Python, or building one item by item, is one py4j round
trip per item: 10,000 urns cost a `smv-run --dry-run` of a 10,000-dataset app ~30,000 calls.
"""
from __future__ import annotations

import pytest
from pyspark.sql import SparkSession

from smv.spark.jvm import from_java_string_list, to_java_string_list

URNS = [f"urn:smv:mod:stage.mods_{i // 20:04d}.M{i:05d}" for i in range(10_000)]


def test_ten_thousand_strings_go_there_and_back_unchanged_in_as_many_calls_as_ten(
        spark: SparkSession, py4j_calls: list[str]) -> None:
    calls = {}
    for values in (URNS[:10], URNS[:10], URNS):  # the first round warms py4j's class lookups
        start = len(py4j_calls)
        jlist = to_java_string_list(spark, values)
        there = len(py4j_calls) - start
        assert int(jlist.size()) == len(values) and str(jlist.get(len(values) - 1)) == values[-1]
        start = len(py4j_calls)
        assert from_java_string_list(spark, jlist) == values
        calls[len(values)] = (there, len(py4j_calls) - start)
    # py4j may also send a release of a collected proxy now and then: a call or two either way
    assert all(abs(big - small) <= 2 for big, small in zip(calls[10_000], calls[10])) and max(calls[10]) < 15, calls


@pytest.mark.parametrize("values", [[], [""], ["", "a", ""], ["a\nb", "c"], ["tab\tand ünïcode", "x"]],
                         ids=["empty", "one-empty", "empty-ends", "separator-inside", "unicode"])
def test_edge_values_keep_their_items(spark: SparkSession, values: list[str]) -> None:
    jlist = to_java_string_list(spark, values)
    assert [str(v) for v in jlist] == values
    assert from_java_string_list(spark, jlist) == values
