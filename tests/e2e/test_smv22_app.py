"""An app written in SMV 2.2's style (tests/fixtures/apps/smv22) runs unchanged, through smv-run
and through the Scala-driven mode: continued smv.stages, a user conf over the app conf, Scala
modules importing org.tresamigos.smv._ (target/scala-2.13/smv22-app.jar, also on the shared test
session), link objects in both languages, ext datasets both ways, run configuration read through
smvGetRunConfig*, and SMV's data helpers in modules of both languages (Python: smvDedupByKeyWithOrder,
smvDedupByKey; Scala: smvJoinByKey, smvSelectPlus, smvfuncs.smvStrCat). The app's smv.dataDir is
relative (data); file:/// URIs are another issue's."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from pyspark.sql import SparkSession

from smv.app.smv_app import SmvApp
from smv.repository.urn import parse_urn

from tests.conftest import SMV22_APP_JAR
from tests.e2e.test_scala_driven import spark_submit

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "tests" / "fixtures" / "apps" / "smv22"
APP_JAR = SMV22_APP_JAR

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
    command = [sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(app), "--jars", str(APP_JAR), *args]
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
    root = tmp_path_factory.mktemp("smv22")
    return Path(shutil.copytree(APP, root / "by-smv-run")), Path(shutil.copytree(APP, root / "scala-driven"))


def test_smv_run_runs_the_app_unchanged(apps: tuple[Path, Path], spark: SparkSession) -> None:
    app, _ = apps
    result = smv_run(app, "--run-app")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "8 dataset(s) run, 0 reused" in result.stdout, result.stdout
    assert outputs(spark, app) == EXPECTED
    persisted = {p.name.rsplit("_", 1)[0] for p in (app / "data" / "output").glob("*.parquet")}
    assert persisted == set(EXPECTED), "only datasets are persisted, never the link objects"


def test_the_scala_driven_mode_runs_it_unchanged(apps: tuple[Path, Path], spark: SparkSession) -> None:
    _, app = apps
    result = spark_submit(app, "--run-app", jars=APP_JAR)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ran 8, reused 0" in result.stdout, result.stdout
    assert outputs(spark, app) == EXPECTED


def test_a_second_run_reuses_everything_whichever_mode_wrote_it(apps: tuple[Path, Path],
                                                                 open_app: Callable[[Path], SmvApp]) -> None:
    for app_dir in apps:
        app = open_app(app_dir)
        report = app.run([app.resolve(fqn) for fqn in EXPECTED]).report
        assert report["ran"] == [] and len(report["reused"]) == len(EXPECTED), (app_dir, report)


def test_link_objects_are_links_in_the_graph_and_never_datasets(apps: tuple[Path, Path],
                                                                open_app: Callable[[Path], SmvApp]) -> None:
    app = open_app(apps[0])
    graph = app.dependency_graph()
    links = {(e.target, e.source) for e in graph.edges if e.kind == "link"}
    assert links == {
        ("urn:smv:mod:smv22app.report.RegionReport", "urn:smv:mod:smv22app.ingest.CustomerTotals"),
        ("urn:smv:mod:smv22app.report.Highlights", "urn:smv:mod:smv22app.ingest.ranked.TopCustomers"),
        ("urn:smv:mod:smv22app.report.counts.OrderCount", "urn:smv:mod:smv22app.ingest.orders.BigOrders")}
    assert not any("Link" in urn for urn in app.all_urns()), "a link object is never a dataset"
    planned = {parse_urn(d.urn).fqn for d in app.dry_run([app.resolve("RegionReport")])}
    assert planned == {"smv22app.report.RegionReport", "smv22app.ingest.CustomerTotals",
                       "smv22app.ingest.input.Customers", "smv22app.ingest.orders.BigOrders",
                       "smv22app.ingest.inputs.Orders"}
