"""The `faults` fixture app and the processes the fault and concurrency tests start and kill."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

APPS = Path(__file__).resolve().parents[1] / "fixtures" / "apps"
STAGE = "faults_app.mods"


def faults_app(tmp_path: Path) -> Path:
    app = Path(shutil.copytree(APPS / "faults", tmp_path / "faults"))
    (app / "control").mkdir()
    return app


def control(app: Path, name: str, value: float | None) -> None:
    """Sets (or, with None, removes) a control file the app's modules read."""
    path = app / "control" / name
    if value is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(str(value))


def outputs(app: Path, fqn: str) -> list[Path]:
    return sorted((app / "data" / "output").glob(f"{STAGE}.{fqn}_*.parquet"))


def leftovers(app: Path) -> list[str]:
    """What is in the output's temporary and lock folders."""
    out = app / "data" / "output"
    return sorted(str(p.relative_to(out)) for d in (".smv-tmp", ".smv-lock") if (out / d).is_dir()
                  for p in (out / d).iterdir())


def smv_run(app: Path, *args: str) -> subprocess.Popen[str]:
    """smv-run in its own process group (so a test can SIGKILL the driver and its JVM together)."""
    command = [sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(app), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYSPARK_SUBMIT_ARGS": ""})


def kill_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate(timeout=300)


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


def ended(stdout: str, action: str) -> set[str]:
    """The fqns whose `end` line says `action` ("run" or "reuse")."""
    return {line.split()[1] for line in stdout.splitlines()
            if line.startswith("end ") and len(line.split()) > 3 and line.split()[3] == action}
