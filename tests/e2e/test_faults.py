"""Faults, with real processes and real signals: a repository server SIGKILLed mid-run, a
driver SIGKILLed while it persists, and what later runs do with what they left."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.sql import SparkSession

from smv.cli.smv_repository_server import ADDRESS_LINE_PREFIX
from smv.spark.jvm import jvm_of, to_java_list, to_java_map
from smv.transport.auth import TOKEN_ENV, new_token
from tests.e2e.faults_support import STAGE, control, faults_app, kill_group, leftovers, outputs, smv_run, wait_for

HELD = f"urn:smv:mod:{STAGE}.Held"


def _server_pid(app: Path) -> int:
    """The pid of the Python repository process serving `app` (a child of this test's JVM)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"smv.cli.smv_repository_server" in cmdline and str(app).encode() in cmdline:
            found.append(int(proc.name))
    assert len(found) == 1, found
    return found[0]


def _scala_driven_app(spark: SparkSession, app: Path) -> tuple[object, object]:
    """A JVM SmvApp whose Python repository is its own process (smv.driver.PythonRepositoryProcess)."""
    jvm = jvm_of(spark)
    def scala_seq(values: list[object]) -> object:
        return jvm.scala.jdk.javaapi.CollectionConverters.asScala(to_java_list(spark, values)).toSeq()

    spec = getattr(jvm.smv.driver, "PythonRepositoryProcess$Spec")(str(app), sys.executable, str(app / "data" / "input"),
                                                            scala_seq(["faults_app"]))
    process = jvm.smv.driver.PythonRepositoryProcess.startAll(scala_seq([spec]), 120_000)
    conf = {"smv.stages": "faults_app", "smv.appDir": str(app), "smv.outputDir": str(app / "data" / "output"),
            "smv.lockLeaseSeconds": "5"}
    repositories = [jvm.smv.repository.ScalaDataSetRepository.create(to_java_list(spark, ["faults_app"]), str(app)),
                    process.repositories().head()]
    return process, jvm.smv.driver.SmvApp.create(spark._jsparkSession, to_java_map(spark, conf),
                                          to_java_list(spark, repositories))


def test_sigkill_of_the_repository_server_mid_run_fails_the_run_naming_both_then_a_rerun_reuses(
        spark: SparkSession, tmp_path: Path) -> None:
    app = faults_app(tmp_path)
    control(app, "run-seconds", 300)
    process, japp = _scala_driven_app(spark, app)
    target = process.repositories().head().target()
    try:
        pid = _server_pid(app)
        killer_started = time.monotonic()

        def kill_when_held() -> None:
            wait_for(lambda: any((app / "control").glob("held-*")), 120, "Held to start running")
            os.kill(pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_when_held)
        killer.start()
        with pytest.raises(Py4JJavaError) as info:
            japp.runModules(to_java_list(spark, [HELD]), False)
        killer.join()
        failed_after = time.monotonic() - killer_started
        message = str(info.value.java_exception.getMessage())
        assert target in message and f"GetDataFrame({HELD})" in message and "UNAVAILABLE" in message, message
        assert failed_after < 120, "the run did not fail promptly when its repository server died"
        assert outputs(app, "Doubled") and not outputs(app, "Held")
        assert jvm_of(spark).smv.driver.DataFrameHandles.size() == 0
    finally:
        japp.close()
        process.close()

    control(app, "run-seconds", None)
    process, japp = _scala_driven_app(spark, app)  # a restarted server
    try:
        japp.runModules(to_java_list(spark, [HELD]), False)
        report = json.loads(japp.lastRunReportJson())
        assert report["ran"] == [HELD] and report["reused"] == [f"urn:smv:mod:{STAGE}.Doubled"], report
        assert len(outputs(app, "Held")) == 1
    finally:
        japp.close()
        process.close()


def test_sigkill_of_the_driver_while_it_persists_leaves_nothing_trusted_and_a_later_run_cleans_up(
        spark: SparkSession, tmp_path: Path, open_app: object) -> None:
    app = faults_app(tmp_path)
    control(app, "row-sleep-ms", 4000)
    driver = smv_run(app, "-m", "SlowWrite")
    tmp = app / "data" / "output" / ".smv-tmp"
    try:
        wait_for(lambda: any(tmp.glob(f"*/{STAGE}.SlowWrite_*.parquet")), 240, "the driver to start persisting SlowWrite")
    finally:
        kill_group(driver)
    assert not outputs(app, "SlowWrite"), "a killed write was left where a run would trust it"
    left = leftovers(app)
    assert any(p.startswith(".smv-tmp/") for p in left) and any(p.startswith(".smv-lock/") for p in left), left

    control(app, "row-sleep-ms", None)
    leases = [p for p in (app / "data" / "output").glob(".smv-*/*") if p.suffix in (".lease", ".lock")]
    assert leases, "the killed run left no lease files"
    wait_for(lambda: all(time.time() - p.stat().st_mtime > 5.2 for p in leases), 120,
             "the crashed run's leases (5 s in the app's conf) to expire")
    smv_app = open_app(app)  # type: ignore[operator]
    result = smv_app.run([f"urn:smv:mod:{STAGE}.SlowWrite"])
    assert f"urn:smv:mod:{STAGE}.SlowWrite" in result.report["ran"], result.report
    assert result.dataframes[f"urn:smv:mod:{STAGE}.SlowWrite"].count() == 4
    assert len(outputs(app, "SlowWrite")) == 1
    assert leftovers(app) == []


def test_a_live_runs_temporary_folder_is_never_cleaned(spark: SparkSession, tmp_path: Path) -> None:
    """A folder with a fresh lease (another run writing) stays; an expired one goes."""
    out = tmp_path / "out"
    jvm = jvm_of(spark)
    persistence = jvm.smv.persist.Persistence(str(out), spark._jsparkSession, 60_000)
    tmp = out / ".smv-tmp"
    (tmp / "live").mkdir(parents=True)
    (tmp / "live.lease").touch()
    (tmp / "crashed").mkdir()
    (tmp / "crashed.lease").touch()
    past = time.time() - 120
    os.utime(tmp / "crashed.lease", (past, past))
    persistence.cleanLeftovers()
    assert sorted(p.name for p in tmp.iterdir()) == ["live", "live.lease"]


def test_a_frozen_repository_server_fails_the_run_at_its_deadline(spark: SparkSession, tmp_path: Path) -> None:
    """SIGSTOP: the server neither answers nor closes the connection; the run deadline ends the wait."""
    app = faults_app(tmp_path)
    control(app, "run-seconds", 300)
    gateway = spark.sparkContext._gateway
    token = new_token()
    env = {**os.environ, TOKEN_ENV: token, "PYSPARK_GATEWAY_PORT": str(gateway.gateway_parameters.port),
           "PYSPARK_GATEWAY_SECRET": gateway.gateway_parameters.auth_token}
    socket = tmp_path / "repository.sock"
    server = subprocess.Popen([sys.executable, "-m", "smv.cli.smv_repository_server", "--app-dir", str(app),
                               "--spark", "attach", "--listen", f"unix:{socket}"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline() if server.stdout else ""
        assert line.startswith(ADDRESS_LINE_PREFIX), line
        jvm = jvm_of(spark)
        repository = jvm.smv.grpc.GrpcDataSetRepository.connect(f"unix:{socket}", token, 30_000, 30_000)
        conf = {"smv.stages": "faults_app", "smv.outputDir": str(app / "data" / "output")}
        japp = jvm.smv.driver.SmvApp.create(spark._jsparkSession, to_java_map(spark, conf), to_java_list(spark, [repository]))
        try:
            def freeze_when_held() -> None:
                wait_for(lambda: any((app / "control").glob("held-*")), 120, "Held to start running")
                os.kill(server.pid, signal.SIGSTOP)

            freezer = threading.Thread(target=freeze_when_held)
            freezer.start()
            with pytest.raises(Py4JJavaError) as info:
                japp.runModules(to_java_list(spark, [HELD]), False)
            freezer.join()
        finally:
            japp.close()
        message = str(info.value.java_exception.getMessage())
        assert f"unix:{socket}" in message and f"GetDataFrame({HELD})" in message, message
        assert "DEADLINE_EXCEEDED" in message, message
    finally:
        server.kill()
        server.wait(timeout=120)
