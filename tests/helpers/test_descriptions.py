"""Column descriptions (issue 16): kept in the column metadata (key smvDesc), so they survive a
run's persistence and come back when a second run reuses the result; `--dry-run` and the graph's
dataset details (its SVG tooltip) show them."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession

from smv.app.graph import to_dot
from smv.app.smv_app import SmvApp
from smv.cli.smv_run import print_plan
from smv.helpers import install

install()  # SMV's helpers onto pyspark's DataFrame, as importing smv's API does

APP = Path(__file__).resolve().parents[1] / "fixtures" / "apps" / "described"
DESCRIBED, USES = "urn:smv:mod:described.mods.Described", "urn:smv:mod:described.mods.UsesDescription"


@pytest.fixture(scope="module")
def df(spark: SparkSession) -> DataFrame:
    return spark.createDataFrame([("c1", 1.5, "x")], "id string, amount double, other string")


def test_describe_read_and_remove(df: DataFrame, spark: SparkSession) -> None:
    described = df.smvDesc(("id", "customer id"), ("amount", "amount in USD"))
    assert described.smvGetDesc("id") == "customer id"
    assert described.smvGetDesc() == [("id", "customer id"), ("amount", "amount in USD"), ("other", "")]
    assert described.schema["id"].metadata == {"smvDesc": "customer id"}
    assert described.select("id").smvGetDesc("id") == "customer id"  # it travels with the column
    assert described.smvRemoveDesc("id").smvGetDesc() == [("id", ""), ("amount", "amount in USD"), ("other", "")]
    assert described.smvRemoveDesc().smvGetDesc() == [("id", ""), ("amount", ""), ("other", "")]
    descs = spark.createDataFrame([("other", "anything else")], "col string, desc string")
    assert described.smvDescFromDF(descs).smvGetDesc("other") == "anything else"


def test_bad_input(df: DataFrame, spark: SparkSession) -> None:
    with pytest.raises(AnalysisException, match="nope"):
        df.smvDesc(("nope", "missing"))
    with pytest.raises(AnalysisException, match="nope"):
        df.smvGetDesc("nope")
    with pytest.raises(TypeError, match=r"smvDesc takes \(column name, description\) tuples"):
        df.smvDesc("id", "customer id")  # type: ignore[arg-type]
    with pytest.raises(Exception, match="smvDescFromDF takes a DataFrame of two string columns"):
        df.smvDescFromDF(spark.createDataFrame([("id", 1)], "c string, n int"))


def test_descriptions_survive_persistence_and_reuse_and_show_in_the_dry_run(
        spark: SparkSession, tmp_path: Path) -> None:
    app_dir = Path(shutil.copytree(APP, tmp_path / "described"))
    with SmvApp.create(app_dir, spark=spark) as first:
        ran = first.run([USES])
        assert set(ran.report["ran"]) >= {DESCRIBED, USES}
        assert ran.dataframes[USES].collect()[0]["id_desc"] == "customer id"

    with SmvApp.create(app_dir, spark=spark) as second:
        plan = {step.urn: step for step in second.dry_run([DESCRIBED])}
        assert plan[DESCRIBED].action == "reuse"
        assert plan[DESCRIBED].descriptions == (("id", "customer id"), ("amount", "order amount in USD"))
        out = io.StringIO()
        print_plan(second, [DESCRIBED], False, out)
        assert "           id: customer id\n           amount: order amount in USD\n" in out.getvalue()

        (node,) = [n for n in second.dependency_graph([DESCRIBED]).nodes if n.urn == DESCRIBED]
        assert node.descriptions == (("id", "customer id"), ("amount", "order amount in USD"))
        assert 'tooltip="described.mods.Described [python]; id: customer id; amount: order amount in USD"' in \
            to_dot(second.dependency_graph([DESCRIBED]))

        reused = second.run([DESCRIBED])
        assert reused.report["reused"] == [DESCRIBED]
        assert reused.dataframes[DESCRIBED].smvGetDesc() == [("id", "customer id"), ("amount", "order amount in USD")]
