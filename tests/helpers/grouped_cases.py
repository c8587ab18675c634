"""Reads tests/fixtures/helpers/grouped/*.json, the cases both languages' tests run, and runs them from Python.

A case is an input (Spark DDL schema, rows as strings), a call on `df.smvGroupBy(keys)` with JSON
arguments, and the expected columns and rows as Spark renders them as strings.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from smv import panel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "helpers" / "grouped"
Rows = list[list[Any]]


def load(name: str) -> Any:
    """One fixture file, parsed."""
    return json.loads((FIXTURES / name).read_text())


def input_df(spark: SparkSession, spec: dict[str, Any]) -> DataFrame:
    """The DataFrame of a case's input: string rows cast to the schema's types."""
    schema = [field.strip().split(" ", 1) for field in spec["schema"].split(",")]
    strings = spark.createDataFrame(spec["rows"], ", ".join(f"{n} string" for n, _ in schema))
    return strings.select([F.col(n).cast(t).alias(n) for n, t in schema])


def rendered(df: DataFrame) -> tuple[list[str], Rows]:
    """A result's columns and rows as Spark renders them as strings, rows sorted."""
    positional = df.toDF(*[f"c{i}" for i in range(len(df.columns))])  # names may repeat
    rows = [list(r) for r in positional.select([F.col(c).cast("string") for c in positional.columns]).collect()]
    return df.columns, sort_rows(rows)


def sort_rows(rows: Rows) -> Rows:
    """Rows in one order (null before any string), so results compare regardless of row order."""
    return sorted(rows, key=lambda r: ["" if v is None else "\u0001" + v for v in r])


def period(spec: dict[str, list[Any]]) -> panel.PartialTime:
    """{"Month": [2014, 1]} as smv.panel.Month(2014, 1)."""
    (kind, args), = spec.items()
    return getattr(panel, kind)(*args)  # type: ignore[no-any-return]


def _order(spec: str) -> Column:
    name, _, direction = spec.partition(" ")
    return F.col(name).desc() if direction == "desc" else F.col(name).asc()


def run(df: DataFrame, keys: list[str], call: str, args: dict[str, Any]) -> DataFrame:
    """`df.smvGroupBy(*keys).<call>(...)` with the case's arguments."""
    grouped = df.smvGroupBy(*keys)  # type: ignore[attr-defined]
    aggs = [F.expr(a) for a in args.get("aggs", [])]
    if call in ("smvPivot", "smvPivotSum", "smvPivotCoalesce"):
        return getattr(grouped, call)(args["pivotCols"], args["valueCols"], args["baseOutput"])  # type: ignore[no-any-return]
    if call == "smvTopNRecs":
        return grouped.smvTopNRecs(args["maxElems"], *[_order(o) for o in args["orders"]])  # type: ignore[no-any-return]
    if call == "smvFillNullWithPrevValue":
        return grouped.smvFillNullWithPrevValue(*[_order(o) for o in args["orders"]])(*args["values"])  # type: ignore[no-any-return]
    if call == "smvRePartition":
        return grouped.smvRePartition(args["numParts"]).agg(*aggs)  # type: ignore[no-any-return]
    if call == "agg":
        return grouped.agg(*aggs)  # type: ignore[no-any-return]
    if call == "smvWithTimePanel":
        return grouped.smvWithTimePanel(args["timeCol"], period(args["start"]), period(args["end"]))  # type: ignore[no-any-return]
    if call == "smvTimePanelAgg":
        return grouped.smvTimePanelAgg(args["timeCol"], period(args["start"]), period(args["end"]))(*aggs)  # type: ignore[no-any-return]
    if call == "smvPercentRank":
        return grouped.smvPercentRank(args["valueCols"], args["ignoreNull"])  # type: ignore[no-any-return]
    if call == "smvQuantile":
        return grouped.smvQuantile(args["valueCols"], args["numBins"], args["ignoreNull"])  # type: ignore[no-any-return]
    if call == "smvDecile":
        return grouped.smvDecile(args["valueCols"], args["ignoreNull"])  # type: ignore[no-any-return]
    raise ValueError(f"grouped.json: unknown call {call!r}")
