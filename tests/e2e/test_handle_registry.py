"""No DataFrame is kept across runs: the JVM handle registry is back to empty after every one
of 100 runs in one process (each run passes handles both ways over gRPC), failed runs included."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.sql import SparkSession

from smv.app.smv_app import SmvApp
from smv.spark.jvm import jvm_of

MODULES = '''
import smv


class Tiny(smv.SmvModule):
    """No input to parse: a run starts no Spark job, so 100 runs stay quick."""

    def isEphemeral(self):
        return True

    def requiresDS(self):
        return []

    def run(self, i):
        return self.smvApp.spark.range(2)


class Passed(smv.SmvModule):
    """Ephemeral: computed in every run, so every run registers handles."""

    def isEphemeral(self):
        return True

    def requiresDS(self):
        return [Tiny]

    def run(self, i):
        return i[Tiny]


class Raises(smv.SmvModule):
    def isEphemeral(self):
        return True

    def requiresDS(self):
        return [Tiny]

    def run(self, i):
        raise ValueError("on purpose")
'''


def test_the_handle_registry_is_empty_after_each_of_100_runs(spark: SparkSession, tmp_path: Path,
                                                             open_app: Callable[[Path], SmvApp]) -> None:
    app_dir = tmp_path / "handles"
    (app_dir / "conf").mkdir(parents=True)
    (app_dir / "conf" / "smv-app-conf.props").write_text("smv.appName = handles\nsmv.stages = handles_app\n")
    package = app_dir / "src" / "main" / "python" / "handles_app"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "mods.py").write_text(MODULES)
    handles = jvm_of(spark).smv.driver.DataFrameHandles
    baseline = handles.size()
    app = open_app(app_dir)
    for run in range(100):
        result = app.run(["urn:smv:mod:handles_app.mods.Passed"])
        assert result.report["ran"] == ["urn:smv:mod:handles_app.mods.Tiny", "urn:smv:mod:handles_app.mods.Passed"]
        assert handles.size() == baseline, f"run {run} left {handles.size() - baseline} handle(s) behind"
    with pytest.raises(Py4JJavaError, match="on purpose"):
        app.run(["urn:smv:mod:handles_app.mods.Raises"])
    assert handles.size() == baseline
    assert baseline == 0, f"{baseline} handle(s) were left by earlier tests in this session"
