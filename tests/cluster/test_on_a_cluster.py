"""Issue 8: SMV apps on a real Spark standalone cluster (the session's `spark_cluster`): the
example app and an app with UDFs over its own code give exactly the rows of a local run, with
smv-run and with the Scala-driven spark-submit, and their Python code really ran in the
executors of the two workers, in a worker Python that has no smv installed (it was shipped)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from smv.app.smv_app import SmvApp
from tests.cluster.conftest import SparkCluster
from tests.e2e.submit import APPS, ROOT, spark_submit

EXAMPLE = ROOT / "examples" / "sales"
EXAMPLE_JAR = ROOT / "target" / "examples" / "sales-example.jar"
EXAMPLE_OUTPUTS = ["sales.ingest.CleanCustomers", "sales.ingest.orders.CleanOrders", "sales.report.TopCustomers",
                   "sales.report.revenue.RevenueByRegion"]
SHOUTED, WHERE = "udfs.stage.people.Shouted", "udfs.stage.people.WhereItRan"
EXECUTOR_CONF = ["spark.executor.memory=512m", "spark.executor.cores=1"]


@pytest.fixture(scope="module")
def worker_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The executors' Python: this interpreter with its packages but without .pth files, so
    without smv's editable install: the workers import smv and the app from the shipped zips."""
    exe = tmp_path_factory.mktemp("worker-python") / "python"
    exe.write_text(f'#!/bin/sh\nPYTHONPATH="${{PYTHONPATH:+$PYTHONPATH:}}{sysconfig.get_paths()["purelib"]}" '
                   f'exec "{sys.executable}" -S "$@"\n')
    exe.chmod(0o755)
    probe = subprocess.run([str(exe), "-c", "import pyspark, smv"], capture_output=True, text=True)
    assert "No module named 'smv'" in probe.stderr, probe.stderr
    return exe


def smv_run(app: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(app), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYSPARK_SUBMIT_ARGS": "", **(env or {})})


def on_cluster(cluster: SparkCluster) -> list[str]:
    return ["--", "--master", cluster.master_url, *[c for kv in EXECUTOR_CONF for c in ("--conf", kv)]]


def persisted_rows(spark: SparkSession, output: Path, fqn: str) -> list[tuple[object, ...]]:
    [path] = output.glob(f"{fqn}_*.parquet")
    return sorted(tuple(r) for r in spark.read.parquet(str(path)).collect())


def assert_ran_on_the_workers(spark: SparkSession, output: Path, cluster: SparkCluster) -> None:
    """Every partition of WhereItRan ran in an executor of a worker, importing smv from the shipped zip."""
    rows = spark.read.parquet(str(next(output.glob(f"{WHERE}_*.parquet")))).collect()
    assert sum(r["rows"] for r in rows) == 6
    for r in rows:
        assert any(r["cwd"].startswith(str(w) + "/app-") for w in cluster.work_dirs), (r, cluster.work_dirs)
        assert "/smv-lib-" in r["smv_file"] and r["grpc_imported"] is False, r


@pytest.fixture(scope="module")
def udfs_local_rows(spark: SparkSession, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, ...]]:
    app_dir = Path(shutil.copytree(APPS / "udfs", tmp_path_factory.mktemp("local") / "udfs"))
    with SmvApp.create(app_dir, spark=spark) as app:
        urn = app.resolve(SHOUTED)
        return sorted(tuple(r) for r in app.run([urn]).dataframes[urn].collect())


def test_udfs_over_the_apps_own_code_give_the_local_rows_on_the_cluster(
        spark_cluster: SparkCluster, spark: SparkSession, worker_python: Path, udfs_local_rows: list[tuple[object, ...]],
        tmp_path: Path) -> None:
    app = Path(shutil.copytree(APPS / "udfs", tmp_path / "udfs"))
    result = smv_run(app, "-m", SHOUTED, WHERE, *on_cluster(spark_cluster), env={"PYSPARK_PYTHON": str(worker_python)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert persisted_rows(spark, app / "data" / "output", SHOUTED) == udfs_local_rows
    assert_ran_on_the_workers(spark, app / "data" / "output", spark_cluster)


def test_scala_driven_on_the_cluster_gives_the_local_rows_with_data_at_a_file_uri(
        spark_cluster: SparkCluster, spark: SparkSession, worker_python: Path, udfs_local_rows: list[tuple[object, ...]],
        tmp_path: Path) -> None:
    app = Path(shutil.copytree(APPS / "udfs", tmp_path / "udfs"))
    data = tmp_path / "shared-data"
    result = spark_submit(app, "--python", sys.executable, "--conf", f"smv.dataDir={data.as_uri()}",
                          "-m", SHOUTED, "-m", WHERE, master=spark_cluster.master_url, spark_conf=EXECUTOR_CONF,
                          env={"PYSPARK_PYTHON": str(worker_python)}, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert persisted_rows(spark, data / "output", SHOUTED) == udfs_local_rows
    assert_ran_on_the_workers(spark, data / "output", spark_cluster)


def test_the_example_app_gives_the_rows_of_its_local_run_on_the_cluster(
        spark_cluster: SparkCluster, spark: SparkSession, worker_python: Path, tmp_path: Path) -> None:
    leftovers = shutil.ignore_patterns("output", ".smv", "smv-graph.*")
    local, cluster = (Path(shutil.copytree(EXAMPLE, tmp_path / name / "sales", ignore=leftovers))
                      for name in ("local", "cluster"))
    jar = [f"smv.jars={EXAMPLE_JAR}"]
    ran_local = smv_run(local, "--smv-props", *jar, "--run-app")
    assert ran_local.returncode == 0, ran_local.stderr[-3000:]
    ran_cluster = smv_run(cluster, "--smv-props", *jar, "--run-app", *on_cluster(spark_cluster),
                          env={"PYSPARK_PYTHON": str(worker_python)})
    assert ran_cluster.returncode == 0, ran_cluster.stderr[-3000:]
    for fqn in EXAMPLE_OUTPUTS:
        rows = persisted_rows(spark, cluster / "data" / "output", fqn)
        assert rows and rows == persisted_rows(spark, local / "data" / "output", fqn), fqn
    finished = spark_cluster.status()["completedapps"]
    assert isinstance(finished, list) and finished, "no application completed on the cluster"
