"""Two runs of one app on one output directory at the same time (two smv-run processes):
both succeed, both leave valid outputs, and each dataset is computed once between them."""
from __future__ import annotations

import threading
import time
from pathlib import Path

from pyspark.sql import SparkSession

from tests.e2e.faults_support import STAGE, control, ended, faults_app, leftovers, outputs, smv_run, wait_for


def test_two_concurrent_runs_compute_each_dataset_once_between_them(spark: SparkSession, tmp_path: Path) -> None:
    app = faults_app(tmp_path)
    control(app, "run-seconds", 240)  # Held waits for control/release
    first = smv_run(app, "-m", "Held")
    second_lines: list[str] = []
    try:
        wait_for(lambda: any((app / "control").glob("held-*")), 240, "the first run to start Held")
        second = smv_run(app, "-m", "Held")
        reader = threading.Thread(target=lambda: second_lines.extend(second.stdout or ()))
        reader.start()
        try:
            # the second run has resolved Doubled (persisted by the first) and now meets Held's lock
            wait_for(lambda: any(line.startswith(f"end   {STAGE}.Doubled") for line in second_lines), 240,
                     "the second run to reach Held")
            time.sleep(1)  # it waits on the lock; without one it would now be running Held itself
            assert second.poll() is None and not any(f"{STAGE}.Held" in line for line in second_lines)
            assert list((app / "data" / "output" / ".smv-lock").glob(f"{STAGE}.Held_*.lock"))
            control(app, "release", 1)
            second.wait(timeout=300)
            reader.join()
            err2 = second.stderr.read() if second.stderr else ""
        finally:
            second.kill()
        out1, err1 = first.communicate(timeout=300)
    finally:
        first.kill()
    out2 = "".join(second_lines)
    assert first.returncode == 0, err1[-3000:]
    assert second.returncode == 0, err2[-3000:]

    datasets = {f"{STAGE}.Doubled", f"{STAGE}.Held"}
    assert ended(out1, "run") & datasets == datasets, out1
    assert ended(out2, "run") & datasets == set() and ended(out2, "reuse") & datasets == datasets, out2
    assert len(list((app / "control").glob("held-*"))) == 1, "Held ran twice"
    for fqn in ("Doubled", "Held"):
        (path,) = outputs(app, fqn)
        assert spark.read.parquet(str(path)).count() == 4
    assert leftovers(app) == []
