"""smv.panel and the smvTime column helpers from Python: the shared cases of
tests/fixtures/helpers/grouped/panels.json (PanelSpec.scala runs them too) and bad input."""
from __future__ import annotations

import re
from typing import Any

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import smv.helpers
import smv.panel as P
from tests.helpers import grouped_cases

PANELS = grouped_cases.load("panels.json")


@pytest.fixture(autouse=True)
def _session(spark: SparkSession) -> None:
    smv.helpers.install()


@pytest.mark.parametrize("case", PANELS["periods"], ids=lambda c: str(c["period"]))
def test_period_attributes(case: dict[str, Any]) -> None:
    p = grouped_cases.period(case["period"])
    assert (p.smvTime(), p.timeIndex(), p.timeLabel(), p.timeType()) == \
        (case["smvTime"], case["timeIndex"], case["timeLabel"], case["timeType"])


@pytest.mark.parametrize("case", PANELS["panels"], ids=lambda c: str(c["start"]))
def test_panel_periods(case: dict[str, Any]) -> None:
    tp = P.TimePanel(grouped_cases.period(case["start"]), grouped_cases.period(case["end"]))
    assert tp.smvTimes() == case["smvTimes"]
    assert tp.start == grouped_cases.period(case["start"])


@pytest.mark.parametrize("case", PANELS["bad_periods"], ids=lambda c: str(c["period"]))
def test_a_bad_period_is_one_sentence(case: dict[str, Any]) -> None:
    with pytest.raises(IllegalArgumentException, match=re.escape(case["error"])):
        grouped_cases.period(case["period"])


@pytest.mark.parametrize("case", PANELS["bad_panels"], ids=lambda c: c["error"])
def test_a_bad_panel_is_one_sentence(case: dict[str, Any]) -> None:
    start, end = grouped_cases.period(case["start"]), grouped_cases.period(case["end"])
    with pytest.raises(IllegalArgumentException, match=re.escape(case["error"])):
        P.TimePanel(start, end)


def test_wrong_types_are_a_type_error_naming_the_constructor() -> None:
    with pytest.raises(TypeError, match=r"Month\(year, month\): month must be an int, not str '1'"):
        P.Month(2012, "1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"TimePanel\(start, end\): end must be a period"):
        P.TimePanel(P.Month(2012, 1), "M201202")  # type: ignore[arg-type]


def test_time_column_helpers(spark: SparkSession) -> None:
    cases = PANELS["time_columns"]["rows"]
    df = spark.createDataFrame([(r[0],) for r in cases], "t string")
    t = F.col("t")
    res = df.select(t, t.smvTimeToType(), t.smvTimeToIndex(), t.smvTimeToLabel(),  # type: ignore[attr-defined]
                    t.smvTimeToTimestamp())  # type: ignore[attr-defined]
    assert [f.dataType.simpleString() for f in res.schema.fields] == ["string", "string", "int", "string", "timestamp"]
    _, rows = grouped_cases.rendered(res)
    assert rows == grouped_cases.sort_rows(cases)
