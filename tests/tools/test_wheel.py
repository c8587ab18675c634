"""The wheel, built from this repository and installed (with its pinned dependencies, from pip's
cache) into a fresh virtual environment in a temporary folder: `smv-init -e` and `smv-run
--run-app` work there, with no path into this repository anywhere (the environment, the installed
package and jar, the made app)."""
from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

from tests.tools.conftest import ROOT, ended, run

ASSEMBLY_JAR = ROOT / "target" / "scala-2.13" / "smv-assembly.jar"

# Real builds and Spark processes: generous deadlines on a busy machine (pyproject's default is 600 s).
pytestmark = pytest.mark.timeout(3600)


def _clean_env(venv: Path) -> dict[str, str]:
    """A login-like environment: the fresh venv and the system on PATH, nothing of this repository."""
    keep = ("HOME", "LANG", "JAVA_HOME", "TMPDIR", "PIP_FIND_LINKS", "PIP_CERT", "PIP_DEFAULT_TIMEOUT",
            "PIP_DISABLE_PIP_VERSION_CHECK", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["PATH"] = f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin"
    return env


def test_the_wheel_carries_the_jar_and_runs_an_app_away_from_the_repository(tmp_path: Path) -> None:
    if not ASSEMBLY_JAR.is_file():
        pytest.fail(f"the SMV jar is missing at {ASSEMBLY_JAR}: build it first with 'bin/sbt assembly'")
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT], cwd=tmp_path, timeout=900)
    [wheel] = dist.glob("smv-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert {"smv/jars/smv-assembly.jar", "smv/templates/test/build.sbt.tmpl", "test_support/smvbasetest.py",
            "smv/shell/functions.py"} <= names

    venv = tmp_path / "env"
    run([getattr(sys, "_base_executable", "python3"), "-m", "venv", venv], cwd=tmp_path, timeout=300)
    env = _clean_env(venv)
    run([venv / "bin" / "pip", "install", "-q", wheel], cwd=tmp_path, env=env, timeout=1800)

    work = tmp_path / "work"
    work.mkdir()
    run([venv / "bin" / "smv-init", "-e", "Away"], cwd=work, env=env, timeout=120)
    first = run([venv / "bin" / "smv-run", "--smv-app-dir", "Away", "--run-app"], cwd=work, env=env)
    assert ended(first.stdout)["away.stage2.category.EmploymentByStateCategory"] == ("run", 8), first.stdout

    located = run([venv / "bin" / "python", "-c",
                   "import smv, smv.spark.session as s; print(smv.__file__); print(s.find_jar())"], cwd=work, env=env)
    assert all(line.startswith(str(venv)) for line in located.stdout.split()), located.stdout
    assert not [k for k, v in env.items() if str(ROOT) in v]
    made = [f for f in (work / "Away").rglob("*") if f.is_file()]
    assert made and not [f for f in made if str(ROOT) in f.read_text(errors="ignore")]
