"""An app written in SMV 2.2's style (tests/fixtures/apps/smv22) runs unchanged, through smv-run
and through the Scala-driven mode: continued smv.stages, a user conf over the app conf, Scala
modules importing org.tresamigos.smv._ (target/scala-2.13/smv22-app.jar), link objects in both
languages, ext datasets both ways, run configuration read through smvGetRunConfig*."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from tests.e2e.test_scala_driven import spark_submit

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "tests" / "fixtures" / "apps" / "smv22"
APP_JAR = ROOT / "target" / "scala-2.13" / "smv22-app.jar"

# The rows each output gives with the user conf's min_amount = 20, top_n = 2, label = "from user conf".
EXPECTED = {
    "smv22app.ingest.orders.BigOrders": {(1, "c1", 50), (3, "c2", 200), (4, "c3", 30), (5, "c3", 25)},
    "smv22app.ingest.CustomerTotals": {("c1", "Ann", "east", 50), ("c2", "Bob", "west", 200),
                                       ("c3", "Cid", "east", 55)},
    "smv22app.ingest.ranked.TopCustomers": {("c2", "Bob", "west", 200), ("c3", "Cid", "east", 55)},
    "smv22app.report.RegionReport": {("east", 105), ("west", 200)},
    "smv22app.report.Highlights": {("Bob", 200, "from user conf"), ("Cid", 55, "from user conf")},
    "smv22app.report.counts.OrderCount": {(4,)},
}


def smv_run(app: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "smv.cli", "--smv-app-dir", str(app), "--jars", str(APP_JAR), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYSPARK_SUBMIT_ARGS": ""})


def outputs(spark: SparkSession, app: Path) -> dict[str, set[tuple[object, ...]]]:
    """The rows of every persisted output, by fqn."""
    found = {}
    for fqn in EXPECTED:
        paths = list((app / "data" / "output").glob(f"{fqn}_*.parquet"))
        assert len(paths) == 1, (fqn, paths)
        found[fqn] = {tuple(row) for row in spark.read.parquet(str(paths[0])).collect()}
    return found


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if not APP_JAR.is_file():
        pytest.fail(f"the SMV 2.2-style app's Scala jar is missing at {APP_JAR}: build it with 'bin/sbt jars'")
    root = tmp_path_factory.mktemp("smv22")
    return Path(shutil.copytree(APP, root / "by-smv-run")), Path(shutil.copytree(APP, root / "scala-driven"))


def test_smv_run_runs_the_app_unchanged(apps: tuple[Path, Path], spark: SparkSession) -> None:
    app, _ = apps
    result = smv_run(app, "--run-app")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "6 dataset(s) run, 0 reused" in result.stdout, result.stdout
    assert outputs(spark, app) == EXPECTED
    persisted = {p.name.rsplit("_", 1)[0] for p in (app / "data" / "output").glob("*.parquet")}
    assert persisted == set(EXPECTED), "only datasets are persisted, never the link objects"


def test_the_scala_driven_mode_runs_it_unchanged_and_reuses_what_smv_run_wrote(
        apps: tuple[Path, Path], spark: SparkSession) -> None:
    by_smv_run, scala_driven = apps
    result = spark_submit(scala_driven, "--run-app", jars=APP_JAR)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ran 6, reused 0" in result.stdout, result.stdout
    assert outputs(spark, scala_driven) == EXPECTED

    # a second run, in the other mode, reuses everything: both read the conf files alike
    again = spark_submit(by_smv_run, "--run-app", jars=APP_JAR)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "ran 0, reused 6" in again.stdout, again.stdout


def test_link_objects_are_links_in_the_graph_and_the_plan(apps: tuple[Path, Path]) -> None:
    _, app = apps
    result = spark_submit(app, "--graph", "json", jars=APP_JAR)
    assert result.returncode == 0, result.stderr[-3000:]
    import json
    graph = json.loads(result.stdout.strip().splitlines()[-1])
    links = {(e["from"], e["via"], e["to"]) for e in graph["edges"] if e["kind"] == "link"}
    assert links == {
        ("urn:smv:mod:smv22app.report.RegionReport", "urn:smv:link:smv22app.ingest.CustomerTotals",
         "urn:smv:mod:smv22app.ingest.CustomerTotals"),
        ("urn:smv:mod:smv22app.report.Highlights", "urn:smv:link:smv22app.ingest.ranked.TopCustomers",
         "urn:smv:mod:smv22app.ingest.ranked.TopCustomers"),
        ("urn:smv:mod:smv22app.report.counts.OrderCount", "urn:smv:link:smv22app.ingest.orders.BigOrders",
         "urn:smv:mod:smv22app.ingest.orders.BigOrders")}
    assert not any("Link" in n["fqn"] for n in graph["nodes"]), "a link object is never a dataset"
