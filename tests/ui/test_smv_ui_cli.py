"""smv-ui's command line: bad input is one line and exit 1; beyond loopback needs TLS or --insecure."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from tests.ui.support import copy_example, smv_ui


def smv_ui_exit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "smv.cli.smv_ui", *args], capture_output=True, text=True, timeout=120)


def test_a_missing_app_folder_is_one_line(tmp_path: Path) -> None:
    result = smv_ui_exit("--smv-app-dir", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "is not an SMV app folder" in result.stderr


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    app = copy_example(tmp_path / "sales")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = smv_ui_exit("--smv-app-dir", str(app), "--listen", f"127.0.0.1:{port}", "--log-only")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_beyond_loopback_needs_tls_or_insecure_which_warns(tmp_path: Path) -> None:
    app = copy_example(tmp_path / "sales")
    refused = smv_ui_exit("--smv-app-dir", str(app), "--listen", "0.0.0.0:0", "--log-only")
    assert refused.returncode == 1 and "needs TLS" in refused.stderr
    with smv_ui(app, "--listen", "0.0.0.0:0", "--insecure", "--log-only") as server:
        assert server.get("/api/overview")["runs"] == []
    assert "WARNING: serving plain HTTP" in (app.parent / "smv-ui.stderr").read_text()
