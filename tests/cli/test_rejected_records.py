"""Rejected input records are never silent: an input that tolerates unparseable records (SMV's
simple template) says how many it left out on its run line and in the run's summary."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from smv.cli.smv_run import rejected_summary

APP = Path(__file__).resolve().parents[1] / "fixtures" / "apps" / "rejected"


def test_the_run_line_and_the_summary_count_the_rejected_records(tmp_path: Path) -> None:
    app = Path(shutil.copytree(APP, tmp_path / "rejected", ignore=shutil.ignore_patterns("__pycache__")))
    result = subprocess.run([sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(app), "--run-app"],
                            capture_output=True, text=True, timeout=600, env={**os.environ, "PYSPARK_SUBMIT_ARGS": ""})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    ended = next(line for line in lines if line.startswith("end") and "rejected.mods.Prices" in line)
    assert ended.endswith("2 records rejected (failed to parse)"), ended
    cheap = next(line for line in lines if line.startswith("end") and "rejected.mods.Cheap" in line)
    assert "rejected" not in cheap.split("rejected.mods.Cheap")[1]
    summary = next(line for line in lines if line.startswith("Rejected input records"))
    assert summary.startswith("Rejected input records (failed to parse, left out): 2: rejected.mods.Prices 2 (e.g. ")


def test_no_rejected_records_no_summary_line() -> None:
    assert rejected_summary([{"urn": "urn:smv:mod:a.B", "rejected": None}]) == ""
    assert rejected_summary([{"urn": "urn:smv:mod:a.B", "rejected": 3, "rejectedSamples": ["x,y"]}]) == \
        "Rejected input records (failed to parse, left out): 3: a.B 3 (e.g. 'x,y')"
