"""A real Spark standalone cluster on loopback, shared by the cluster tests: a master and two
workers started from the pyspark installation (bin/spark-class), on free ports, with little
memory and one core each. The fixture waits until both workers registered (the master's
/json) and always stops all three."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

import pyspark
import pytest

SPARK_HOME = Path(pyspark.__file__).parent
START_TIMEOUT_S = 120
WORKER_MEMORY = "1g"  # one executor of 512m each (Spark's minimum is 450m)


@dataclass(frozen=True)
class SparkCluster:
    master_url: str
    ui_url: str
    work_dirs: tuple[Path, ...]  # one per worker; an executor runs in <work dir>/<app id>/<executor id>

    def status(self) -> dict[str, object]:
        with urllib.request.urlopen(f"{self.ui_url}/json/", timeout=60) as response:
            return dict(json.load(response))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cluster_env() -> dict[str, str]:
    env = {**os.environ, "SPARK_HOME": str(SPARK_HOME), "SPARK_LOCAL_IP": "127.0.0.1",
           "SPARK_DAEMON_MEMORY": "256m", "SPARK_NO_DAEMONIZE": "1"}
    env.pop("PYSPARK_SUBMIT_ARGS", None)
    return env


def start(args: list[str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(SPARK_HOME / "bin" / "spark-class"), *args], stdout=log, stderr=subprocess.STDOUT,
                            env=cluster_env(), start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(20)


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkCluster]:
    root = tmp_path_factory.mktemp("spark-cluster")
    port, ui_port = free_port(), free_port()
    cluster = SparkCluster(f"spark://127.0.0.1:{port}", f"http://127.0.0.1:{ui_port}",
                           tuple(root / f"worker-{n}" for n in (1, 2)))
    processes: list[subprocess.Popen[bytes]] = []
    logs = [open(root / name, "wb") for name in ("master.log", "worker-1.log", "worker-2.log")]
    try:
        processes.append(start(["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                                "--webui-port", str(ui_port)], logs[0]))
        for work_dir, log in zip(cluster.work_dirs, logs[1:]):
            processes.append(start(["org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                                    "--memory", WORKER_MEMORY, "--work-dir", str(work_dir), "--webui-port", "0",
                                    cluster.master_url], log))
        wait_for_workers(cluster, processes, root)
        yield cluster
    finally:
        for process in reversed(processes):
            stop(process)
        for log in logs:
            log.close()


def wait_for_workers(cluster: SparkCluster, processes: list[subprocess.Popen[bytes]], logs: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    alive = 0
    while time.monotonic() < deadline:
        exited = [p.args for p in processes if p.poll() is not None]
        if exited:
            pytest.fail(f"a Spark daemon exited while starting: {exited}; logs in {logs}")
        try:
            workers = cluster.status().get("workers", [])
            alive = sum(1 for w in workers if isinstance(w, dict) and w.get("state") == "ALIVE")  # type: ignore[union-attr]
            if alive == 2:
                return
        except OSError:
            pass  # the master's web UI is not up yet
        time.sleep(0.5)
    pytest.fail(f"{alive} of 2 workers registered with {cluster.master_url} within {START_TIMEOUT_S} s; logs in {logs}")
