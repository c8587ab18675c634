"""Real processes for the tools' tests: the installed console scripts of this .venv, run with
generous deadlines, their output kept for the assertion messages."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
END_LINE = re.compile(r"^end\s+(?P<fqn>\S+)\s+(?P<language>\w+)\s+(?P<action>\w+)\s+(?P<rows>\d+) rows", re.M)


def run(command: Sequence[str | Path], cwd: Path, timeout: float = 1200, env: dict[str, str] | None = None,
        expect: int | None = 0) -> subprocess.CompletedProcess[str]:
    """Runs a command to its end; fails the test (with its output) when the exit code is not `expect`."""
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env=env if env is not None else {**os.environ}, stdin=subprocess.DEVNULL)
    if expect is not None:
        assert result.returncode == expect, \
            f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def ended(output: str) -> dict[str, tuple[str, int]]:
    """smv-run's end lines: fqn -> (run or reuse, rows)."""
    return {m["fqn"]: (m["action"], int(m["rows"])) for m in END_LINE.finditer(output)}
