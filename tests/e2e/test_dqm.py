"""Issue 4's DQM case with Python modules: the JVM SmvApp applies a Python DQM policy."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest
from py4j.protocol import Py4JJavaError

from smv.app.smv_app import SmvApp


def test_failing_fix_policy_fails_the_run_with_a_report_and_writes_nothing(
        app_copy: Callable[[str], Path], open_app: Callable[[Path], SmvApp]) -> None:
    app_dir = app_copy("crosslang")
    app = open_app(app_dir)
    with pytest.raises(Py4JJavaError) as info:
        app.run_module("smvfix.py1.quality.PyDqmStrict")
    error = info.value.java_exception
    assert error.getClass().getName() == "smv.SmvDqmValidationError"
    report = json.loads(error.reportJson())
    assert report["passed"] is False
    verdicts = {p["name"]: p["passed"] for p in report["policies"]}
    assert verdicts["FailTotalRuleCountPolicy(2)"] is True
    assert verdicts["FailTotalFixCountPolicy(1)"] is False
    assert any("FailTotalFixCountPolicy(1)" in m for m in report["errorMessages"])
    assert report["checkLog"]
    assert not list((app_dir / "data" / "output").glob("smvfix.py1.quality.PyDqmStrict*"))


def test_passing_policy_persists_exactly_the_fixed_rows_that_pass_the_rule(
        app_copy: Callable[[str], Path], open_app: Callable[[Path], SmvApp]) -> None:
    app_dir = app_copy("crosslang")
    app = open_app(app_dir)
    rows = app.run_module("smvfix.py1.quality.PyDqmLenient").collect()
    assert sorted(tuple(r) for r in rows) == [(1, 0.2), (1, 0.3)]
    [persisted] = (app_dir / "data" / "output").glob("smvfix.py1.quality.PyDqmLenient_*.parquet")
    assert sorted(tuple(r) for r in app.spark.read.parquet(str(persisted)).collect()) == [(1, 0.2), (1, 0.3)]
