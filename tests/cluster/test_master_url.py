"""Issue 8: a master URL that cannot be reached is one clear error within seconds, from smv-run
and from the Scala-driven spark-submit, not a minute of Spark retrying to register."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cluster.conftest import free_port
from tests.e2e.submit import APPS, spark_submit


def test_smv_run_with_an_unreachable_master_says_so_in_one_line() -> None:
    master = f"spark://127.0.0.1:{free_port()}"
    result = subprocess.run([sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(APPS / "hello"), "--run-app",
                             "--", "--master", master], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYSPARK_SUBMIT_ARGS": ""})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"smv-run: the Spark master {master} cannot be reached within 5 s (127.0.0.1:{master.rsplit(':', 1)[1]}: "
        "Connection refused): is it running, and is the URL right?"]


def test_the_scala_driven_run_with_an_unreachable_master_says_so(tmp_path: Path) -> None:
    master = f"spark://127.0.0.1:{free_port()}"
    result = spark_submit(APPS / "hello", "-m", "hello.mods.Shout", master=master, timeout=120)
    assert result.returncode == 1
    assert f"smv: the Spark master {master} cannot be reached within 5 s (127.0.0.1:" in result.stderr
    assert "is it running, and is the URL right?" in result.stderr
