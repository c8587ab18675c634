"""Runs started from the page: `smv-run` as a child process, cancelled with a real signal.

The page learns what the run does from the run log, as for any other run; here only the
process is kept (its output tail and exit code), so a run can be cancelled and a dry run read.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

TAIL_LINES = 200


class TargetError(ValueError):
    """A run request that names no known kind of target."""


def smv_run_args(app_dir: Path, target: str, dry_run: bool) -> list[str]:
    """smv-run's command line for `app`, `stage:<stage>` or `module:<urn or name>`."""
    kind, _, name = target.partition(":")
    if kind == "app" and not name:
        what = ["--run-app"]
    elif kind == "stage" and name:
        what = ["-s", name]
    elif kind == "module" and name:
        what = ["-m", name]
    else:
        raise TargetError(f"target {target!r}: expected 'app', 'stage:<stage>' or 'module:<name>'")
    return [sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(app_dir), *what,
            *(["--dry-run"] if dry_run else [])]


@dataclass
class PageRun:
    """One smv-run child process and the tail of what it printed."""

    id: int
    target: str
    dry_run: bool
    process: subprocess.Popen[str]
    started: float = field(default_factory=time.time)
    output: deque[str] = field(default_factory=lambda: deque(maxlen=TAIL_LINES))
    cancelled: bool = False

    def status(self) -> dict[str, object]:
        code = self.process.poll()
        return {"id": self.id, "target": self.target, "dryRun": self.dry_run, "pid": self.process.pid,
                "running": code is None, "exitCode": code, "cancelled": self.cancelled,
                "output": list(self.output)}


class Runner:
    """The page's runs of one app."""

    def __init__(self, app_dir: Path) -> None:
        self.app_dir = app_dir
        self._runs: dict[int, PageRun] = {}
        self._lock = threading.Lock()

    def start(self, target: str, dry_run: bool) -> PageRun:
        args = smv_run_args(self.app_dir, target, dry_run)
        # its own process group: a cancel signals smv-run and the Spark driver JVM it started
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   text=True, start_new_session=True, cwd=self.app_dir)
        with self._lock:
            run = PageRun(len(self._runs) + 1, target, dry_run, process)
            self._runs[run.id] = run
        threading.Thread(target=self._collect, args=(run,), name=f"smv-ui-run-{run.id}", daemon=True).start()
        return run

    def _collect(self, run: PageRun) -> None:
        assert run.process.stdout is not None
        for line in run.process.stdout:
            run.output.append(line.rstrip("\n"))
        run.process.wait()

    def get(self, run_id: int) -> PageRun:
        with self._lock:
            if run_id not in self._runs:
                raise KeyError(f"no run {run_id} was started from this page")
            return self._runs[run_id]

    def cancel(self, run_id: int) -> PageRun:
        """SIGTERM to the run's process group: the driver's shutdown hook logs the run as interrupted."""
        run = self.get(run_id)
        if run.process.poll() is None:
            run.cancelled = True
            os.killpg(run.process.pid, signal.SIGTERM)
        return run

    def all(self) -> list[dict[str, object]]:
        with self._lock:
            return [r.status() for r in self._runs.values()]

    def stop_all(self) -> None:
        """At smv-ui's exit: no run it started outlives it."""
        for run in list(self._runs.values()):
            if run.process.poll() is None:
                os.killpg(run.process.pid, signal.SIGTERM)
                try:
                    run.process.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(run.process.pid, signal.SIGKILL)
