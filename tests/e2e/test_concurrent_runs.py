"""Independent datasets of a run computed concurrently: the same results and persisted
files as one at a time; a failing branch stops the run cleanly, naming the module."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import SparkSession

from bench.app_generator import AppSpec, generate_app
from smv.app.smv_app import SmvApp

SPEC = AppSpec(n=8, shape="wide", per_file=3, rows=40)
MODULES = SPEC.urns()[1:]


def persisted(spark: SparkSession, output: Path) -> dict[str, Any]:
    """Each persisted result by file name: its sorted rows and its metadata file (minus the time)."""
    found: dict[str, Any] = {}
    for data in sorted(output.glob("*.parquet")):
        meta = json.loads(data.with_suffix(".meta.json").read_text())
        meta.pop("writtenAt")
        found[data.name] = (sorted(tuple(r) for r in spark.read.parquet(str(data)).collect()), meta)
    return found


def test_concurrent_runs_give_the_same_results_and_files_as_sequential_ones(
        spark: SparkSession, tmp_path: Path) -> None:
    outcomes = {}
    app_dir = generate_app(tmp_path / "app", SPEC)  # one app (an input's hash covers its path), two outputs
    for parallelism in ("1", "4"):
        props = {"smv.parallelism": parallelism, "smv.outputDir": str(tmp_path / f"out{parallelism}")}
        app = SmvApp.create(app_dir, props=props, spark=spark)
        try:
            result = app.run(MODULES)
            rows = {u: sorted(tuple(r) for r in df.collect()) for u, df in result.dataframes.items()}
            outcomes[parallelism] = (rows, sorted(result.report["ran"]), persisted(spark, Path(app.config.output_dir)))
        finally:
            app.close()
    assert outcomes["1"] == outcomes["4"]
    rows, ran, files = outcomes["4"]
    assert ran == sorted(SPEC.urns()) and len(files) == SPEC.n  # the input runs too (ephemeral)
    assert rows[MODULES[0]][0] == (0, 0, 1)  # k, v, v + 1


def test_a_failing_branch_stops_the_run_cleanly_and_names_the_module(
        spark: SparkSession, tmp_path: Path) -> None:
    app_dir = generate_app(tmp_path / "failing", SPEC)
    failing = app_dir / "src" / "main" / "python" / "benchapp" / f"{SPEC.file_of(3)}.py"
    good = failing.read_text()
    failing.write_text(good.replace('return i[Input].selectExpr("*", "v + 3 AS c3")',
                                    'raise ValueError("M3 cannot run today")'))
    app = SmvApp.create(app_dir, props={"smv.parallelism": "3"}, spark=spark)
    try:
        with pytest.raises(Exception, match="M00003") as info:
            app.run(MODULES)
        assert "M3 cannot run today" in str(info.value)
        events = app.drain_events()
        errors = [e["urn"] for e in events if e["phase"] == "error"]
        assert errors == [SPEC.urns()[3]]
        ended = {e["urn"] for e in events if e["phase"] == "end"}
        started = {e["urn"] for e in events if e["phase"] == "start"}
        assert started == ended | set(errors), "every dataset that started also finished or failed"
    finally:
        app.close()
    output = Path(app.config.output_dir)  # a local path here (the config keeps paths or URIs as text)
    assert not [p for p in (output / ".smv-tmp").rglob("*") if p.is_file()], "no half-written result left"
    assert all((output / n).is_dir() for n in [p.name for p in output.glob("*.parquet")])
    assert not list(output.glob("benchapp.mods_0000.M00003_*"))

    failing.write_text(good)
    with SmvApp.create(app_dir, props={"smv.parallelism": "3"}, spark=spark) as fixed:
        report = fixed.run(MODULES).report
    assert SPEC.urns()[3] in report["ran"] and set(report["reused"]) == ended - {SPEC.urns()[0]}  # input: ephemeral
