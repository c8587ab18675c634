"""bin/bench's suite runs end to end on tiny sizes and reports every goal.

Not a timing: the figures are noise at these sizes. It proves the benchmarks still run
against the current code (generated apps, the JVM loops in the bench jar, the py4j-callback
baseline, the Python client process) and that the table and JSON carry every goal.
"""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_JAR = ROOT / "target" / "bench" / "smv-bench.jar"


def test_every_goal_is_measured_and_written(tmp_path: Path) -> None:
    assert BENCH_JAR.is_file(), f"{BENCH_JAR} is missing: bin/setup builds it (bin/sbt jars)"
    run = subprocess.run(
        [sys.executable, "-m", "bench.suite", "--sizes", "10,20", "--run-modules", "3", "--chain-modules", "3",
         "--rows", "5", "--calls", "30", "--warmup", "30", "--handle-rows", "1000", "--helper-rows", "1000",
         "--helper-repeat", "1", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    written = json.loads((tmp_path / "latest.json").read_text())
    goals = {row["goal"] for row in written["results"]}
    assert goals == {"1", "2", "3", "4", "5", "6", "7", "8", "helpers"}, goals
    for row in written["results"]:
        # a marginal cost between two tiny apps may come out below zero; every other figure is a time
        assert math.isfinite(row["measured"]) and row["baseline"] > 0 and math.isfinite(row["ratio"]), row
        assert row["measured"] > 0 or row["what"].startswith("marginal cost"), row
        assert row["met"] in ({"-"} if row["target"] is None else {"yes", "NO"}), row
    assert re.search(r"^goal +what +measured", run.stdout, re.M) and "wrote " in run.stdout, run.stdout[-2000:]
    assert written["machine"]["cores"] >= 1
