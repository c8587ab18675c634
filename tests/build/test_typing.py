"""The smv package is fully typed (mypy with disallow_untyped_defs, as configured in pyproject.toml)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_mypy_passes_on_the_smv_package() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", str(ROOT / "python_repo" / "smv")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
