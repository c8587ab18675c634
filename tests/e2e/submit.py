"""spark-submit of the Scala-driven deployment (smv.SmvMain) as a person runs it, in its own process."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Mapping, Sequence

import pyspark

ROOT = Path(__file__).resolve().parents[2]
SPARK_SUBMIT = Path(pyspark.__file__).parent / "bin" / "spark-submit"
APPS = ROOT / "tests" / "fixtures" / "apps"
ASSEMBLY = ROOT / "target" / "scala-2.13" / "smv-assembly.jar"
FIXTURES_JAR = ROOT / "target" / "scala-2.13" / "smv-fixtures.jar"


def submit_command(app_dir: Path, *args: str, master: str = "local[2]", spark_conf: Sequence[str] = (),
                   jars: Path = FIXTURES_JAR) -> list[str]:
    confs = [c for kv in ("spark.ui.enabled=false", *spark_conf) for c in ("--conf", kv)]
    return [str(SPARK_SUBMIT), "--master", master, *confs, "--jars", str(jars), "--class", "smv.SmvMain",
            str(ASSEMBLY), "--app-dir", str(app_dir), *args]


def submit_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, **(extra or {})}
    env.pop("PYSPARK_SUBMIT_ARGS", None)
    return env


def spark_submit(app_dir: Path, *args: str, master: str = "local[2]", spark_conf: Sequence[str] = (),
                 jars: Path = FIXTURES_JAR, env: Mapping[str, str] | None = None,
                 timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(submit_command(app_dir, *args, master=master, spark_conf=spark_conf, jars=jars),
                          capture_output=True, text=True, timeout=timeout, env=submit_env(env))


def server_processes_of(app_dir: Path) -> list[str]:
    """The Python repository processes serving `app_dir` that are alive now."""
    ps = subprocess.run(["ps", "-ww", "-eo", "stat=,args="], capture_output=True, text=True).stdout.splitlines()
    return [p for p in ps
            if "smv.cli.smv_repository_server" in p and str(app_dir) in p and not p.lstrip().startswith("Z")]


def driver_jvm(pid: int) -> int:
    """The driver JVM that spark-submit (process `pid`) runs: itself, or its java child."""
    ps = subprocess.run(["ps", "-ww", "-eo", "pid=,ppid=,comm="], capture_output=True, text=True).stdout.splitlines()
    rows = [line.split(None, 2) for line in ps]
    java = [int(p) for p, parent, comm in rows if comm.strip() == "java" and int(p) == pid or int(parent) == pid
            and comm.strip() == "java"]
    assert java, f"spark-submit (pid {pid}) runs no java process"
    return java[0]
