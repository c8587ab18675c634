"""Goal 7 (issue 18): a page of smv-ui open on an app adds nothing measurable to its runs.

The same 100-module run (everything recomputed) with and without smv-ui serving the app and
a client following its live event stream, as an open page does; runs alternate, so the
machine's drift falls on both sides alike.
"""
from __future__ import annotations

import re
import subprocess
import sys
import threading
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from bench.app_generator import STAGE, AppSpec, generate_app


@contextmanager
def page_open(app: Path) -> Iterator[list[int]]:
    """smv-ui on the app (the run log only: its own Spark would be a second driver on the machine)
    and a thread reading its event stream, as a page does; yields the count of events it received."""
    ui = subprocess.Popen([sys.executable, "-m", "smv.cli.smv_ui", "--smv-app-dir", str(app), "--listen",
                           "127.0.0.1:0", "--log-only"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    received = [0]
    try:
        assert ui.stdout is not None
        match = re.search(r"(http://\S+)/\?token=(\S+)", ui.stdout.readline())
        if not match:
            raise RuntimeError("smv-ui did not start")
        stream = urllib.request.urlopen(f"{match.group(1)}/api/events?token={match.group(2)}", timeout=3600)

        def follow() -> None:
            for line in stream:
                if line.startswith(b"data:"):
                    received[0] += 1
        threading.Thread(target=follow, daemon=True).start()
        yield received
    finally:
        ui.terminate()
        ui.wait(30)


def forced_run(spark: Any, app: Path) -> None:
    """Every output of the app recomputed (`--force-run-all`), as `smv-run` does it."""
    from smv.app.smv_app import SmvApp

    with SmvApp.create(app, spark=spark) as smv:
        smv.run(smv.outputs_of(STAGE), force_run_all=True)


def ui_overhead(spark: Any, work: Path, n: int, repeat: int = 2) -> list[Any]:
    """Median seconds of a forced `n`-module run with a page open, vs without."""
    from bench.suite import Result, seconds

    app = generate_app(work / "ui-app", AppSpec(n, per_file=20))
    forced_run(spark, app)  # warm: the first run's extra Spark jobs fall on neither side
    without, with_page = [], []
    for _ in range(repeat):
        without.append(seconds(lambda: forced_run(spark, app)))
        with page_open(app):
            with_page.append(seconds(lambda: forced_run(spark, app)))
    return [Result("7", f"{n}-module run with an smv-ui page open vs without (s)", sorted(with_page)[repeat // 2],
                   sorted(without)[repeat // 2], "s", 1.05, "the page follows the run log's live events")]
