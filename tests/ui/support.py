"""A real smv-ui process and a headless Debian chromium driven by Playwright, for the browser tests."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import pytest

from bench.ui_page import CHROMIUM  # noqa: F401  (the browser the page tests and the bench drive)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "sales"
EXAMPLE_JAR = ROOT / "target" / "examples" / "sales-example.jar"
T = TypeVar("T")


def wait_for(what: str, check: Callable[[], T | None], timeout: float, every: float = 0.1) -> T:
    """Polls `check` until it returns something, or fails naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


def copy_example(where: Path) -> Path:
    """The sales example, without earlier runs' leftovers, its Scala jar by absolute path."""
    if not EXAMPLE_JAR.is_file():
        pytest.fail(f"the example's Scala jar is missing at {EXAMPLE_JAR}: build it with 'bin/sbt jars'")
    app = Path(shutil.copytree(EXAMPLE, where, ignore=shutil.ignore_patterns("output", ".smv", "smv-graph.*")))
    conf = app / "conf" / "smv-app-conf.props"
    conf.write_text(re.sub(r"(?m)^smv\.jars = .*$", f"smv.jars = {EXAMPLE_JAR}", conf.read_text()))
    return app


@dataclass
class UiServer:
    url: str        # with the token
    base: str       # without it
    token: str
    process: subprocess.Popen[str]

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.base}{path}{'&' if '?' in path else '?'}token={self.token}", timeout=30) as r:
            return json.loads(r.read())


@contextmanager
def smv_ui(app: Path, *args: str) -> Iterator[UiServer]:
    """smv-ui on a free loopback port; waits for its URL line and for the app's graph."""
    errors = open(app.parent / "smv-ui.stderr", "w")  # read when it fails; a pipe nobody reads could fill
    process = subprocess.Popen([sys.executable, "-m", "smv.cli.smv_ui", "--smv-app-dir", str(app),
                                "--listen", "127.0.0.1:0", *args], stdout=subprocess.PIPE, stderr=errors, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://[^/\s]+)/\?token=(\S+)", line)
        assert match, f"smv-ui printed no URL: {line!r} {(app.parent / 'smv-ui.stderr').read_text()}"
        server = UiServer(match.group(0), match.group(1), match.group(2), process)
        if "--log-only" not in args:
            state = wait_for("smv-ui to load the app's graph",
                             lambda: (s := server.get("/api/overview")["metadata"]) != "loading" and s, 600, 0.5)
            assert state == "ready", server.get("/api/overview")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()


def smv_run(app: Path, *args: str, background: bool = False) -> subprocess.Popen[str]:
    """smv-run as a person starts it from a terminal."""
    return subprocess.Popen([sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(app), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYSPARK_SUBMIT_ARGS": ""})


def log_events(app: Path) -> list[dict[str, Any]]:
    log = app / ".smv" / "runs.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()] if log.exists() else []


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return exc.code
