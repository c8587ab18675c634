"""`python -m smv.contract` refuses what it cannot check with exit 2 and a line saying why."""
from __future__ import annotations

from pathlib import Path

from tests.contract.conftest import run_suite_cli


def test_no_server_at_the_target_is_said_once(tmp_path: Path, token_file: Path) -> None:
    result = run_suite_cli(f"unix:{tmp_path / 'nothing.sock'}", token_file)
    assert result.returncode == 2
    assert result.stderr.startswith(f"smv.contract: cannot reach unix:{tmp_path / 'nothing.sock'}: UNAVAILABLE")
    assert result.stdout == ""


def test_unreadable_inputs_are_named(tmp_path: Path, token_file: Path) -> None:
    missing = run_suite_cli("unix:/tmp/x.sock", tmp_path / "no-token")
    assert missing.returncode == 2 and "no-token" in missing.stderr
    bad = tmp_path / "hashes.json"
    bad.write_text("{not json")
    result = run_suite_cli("unix:/tmp/x.sock", token_file, "--expect-hashes", str(bad))
    assert result.returncode == 2 and result.stderr.startswith(f"smv.contract: --expect-hashes {bad} is not JSON")
