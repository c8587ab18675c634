"""`smv.RepositoryServerMain` as a user meets it: bad arguments and a busy address are one
line naming the problem, with exit codes 2 and 1 (serving is checked by the suite's tests)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from tests.contract.conftest import scala_server_command


def test_bad_arguments_and_a_busy_socket_are_named(tmp_path: Path, token_file: Path) -> None:
    socket = tmp_path / "busy.sock"
    command = scala_server_command(socket, token_file, tmp_path / "address")
    no_stages = [arg for i, arg in enumerate(command) if "--stages" not in command[i - 1: i + 1]]
    result = subprocess.run(no_stages, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("smv.RepositoryServerMain: --stages is required (comma-separated stage packages)\n"
                                    "usage: smv.RepositoryServerMain --stages s1,s2")
    socket.write_text("someone else's")
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"smv.RepositoryServerMain: cannot serve on unix:{socket}: cannot listen on "
                                      f"unix:{socket}: {socket} already exists")
    assert socket.read_text() == "someone else's"
