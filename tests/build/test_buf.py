"""buf checks the contract in CI: `buf lint` with the project's conventions (buf.yaml) and
`buf breaking` against the committed image of the last released contract; both gates are
shown to fail, with buf's message, on a change they must refuse."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "proto" / "released" / "smv-repository-v1.0.json"
PROTO = Path("proto") / "smv" / "repository" / "v1" / "repository.proto"
BUF = shutil.which("buf", path=str(ROOT / ".venv" / "bin")) or "buf"


def buf(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BUF, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def edited_copy(tmp_path: Path, old: str, new: str) -> Path:
    """The module (buf.yaml + proto/) copied to tmp_path with `old` replaced by `new` in the contract."""
    shutil.copy(ROOT / "buf.yaml", tmp_path / "buf.yaml")
    shutil.copytree(ROOT / "proto" / "smv", tmp_path / "proto" / "smv")
    contract = tmp_path / PROTO
    text = contract.read_text()
    assert old in text, f"the test's edit no longer applies: {old!r} is not in {PROTO}"
    contract.write_text(text.replace(old, new, 1))
    return tmp_path


def test_buf_lint_passes() -> None:
    result = buf("lint")
    assert result.returncode == 0, f"buf lint:\n{result.stdout}{result.stderr}"


def test_buf_breaking_finds_no_break_against_the_released_contract() -> None:
    result = buf("breaking", "--against", str(BASELINE))
    assert result.returncode == 0, f"buf breaking against {BASELINE.name}:\n{result.stdout}{result.stderr}"


def test_buf_breaking_fails_on_a_renumbered_field_naming_it(tmp_path: Path) -> None:
    module = edited_copy(tmp_path, "  string urn = 1;\n  // (Required) Module or input.\n  DataSetKind kind = 2;",
                         "  string urn = 1;\n  // (Required) Module or input.\n  DataSetKind kind = 14;")
    result = buf("breaking", "--against", str(BASELINE), cwd=module)
    assert result.returncode != 0
    assert 'present field "2" with name "kind" on message "DataSetMetadata" was deleted' in result.stdout, result.stdout


def test_buf_lint_fails_on_an_undocumented_field_naming_it(tmp_path: Path) -> None:
    module = edited_copy(tmp_path, "message HasDataSetResponse {\n",
                         "message HasDataSetResponse {\n  string note = 2;\n")
    result = buf("lint", cwd=module)
    assert result.returncode != 0
    assert 'Field "note" should have a non-empty comment for documentation.' in result.stdout, result.stdout
