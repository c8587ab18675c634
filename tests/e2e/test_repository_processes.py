"""Issue 8: the Python repository processes of a Scala-driven run. Several of them serve one
driver (one per group of stages); two owners of one urn is an error naming both; killing the
driver with SIGKILL leaves none behind; a child that crashes at start-up shows its output, and
one that never serves fails the run at a deadline that names it."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from smv.app.config import AppConfigError
from smv.app.smv_app import SmvApp
from tests.e2e.submit import APPS, driver_jvm, server_processes_of, spark_submit, submit_command, submit_env


def copy_app(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(APPS / name, tmp_path / name))


def fake_python(tmp_path: Path, body: str) -> Path:
    """An executable standing in for the Python interpreter of the repository process."""
    exe = tmp_path / "python"
    exe.write_text("#!/bin/sh\n" + body + "\n")
    exe.chmod(0o755)
    return exe


def test_two_python_repositories_split_the_stages(tmp_path: Path) -> None:
    app = copy_app("crosslang", tmp_path)
    result = spark_submit(app, "--conf", "smv.pythonStageGroups=smvfix.py1; smvfix.py2",
                          "-m", "smvfix.scala2.UsesPyOutput", "-m", "smvfix.py2.mods.PyLinksScala")
    assert result.returncode == 0, result.stderr[-3000:]
    started = re.findall(r"^started the Python repository of (.+) \(pid (\d+), ", result.stdout, re.M)
    assert [stages for stages, _ in started] == ["smvfix.py1", "smvfix.py2", "smvfix.scala1, smvfix.scala2, smvfix.mixed"]
    assert len({pid for _, pid in started}) == 3
    lines = result.stdout.splitlines()
    for fqn in ("smvfix.py1.mods.PyOut", "smvfix.py2.mods.PyLinksScala"):
        assert any(line.startswith(f"end   {fqn} (python) run") for line in lines), result.stdout
    assert "ran 8, reused 0" in result.stdout
    assert server_processes_of(app) == []


def test_two_owners_of_one_urn_is_an_error_naming_both(tmp_path: Path) -> None:
    app = copy_app("hello", tmp_path)
    socket = tmp_path / "other.sock"
    other = subprocess.Popen([sys.executable, "-m", "smv.cli.smv_repository_server", "--app-dir", str(app),
                              "--listen", f"unix:{socket}"],
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "SMV_REPOSITORY_TOKEN": "t0ken"})
    try:
        assert other.stdout is not None and other.stdout.readline().startswith("SMV_REPOSITORY_ADDRESS=")
        result = spark_submit(app, "--repository", f"unix:{socket}", "--token", "t0ken", "-m", "hello.mods.Shout")
    finally:
        other.terminate()
        other.wait(30)
    assert result.returncode == 1
    [error] = [line for line in result.stderr.splitlines() if "is claimed by more than one repository" in line]
    assert f"repository at unix:{socket}" in error and "smv-python-repo-" in error, error


def test_killing_the_driver_leaves_no_python_repository_behind(tmp_path: Path) -> None:
    app = copy_app("hello", tmp_path)
    (app / "src" / "main" / "python" / "hello" / "slow.py").write_text(
        "import time\n\nimport smv\n\n\nclass Slow(smv.SmvModule):\n"
        "    def run(self, i):\n        time.sleep(600)\n")
    driver = subprocess.Popen(submit_command(app, "-m", "hello.slow.Slow"), stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=submit_env())
    try:
        assert driver.stdout is not None
        seen = []
        for line in driver.stdout:  # the module runs in the child: it is serving and busy
            seen.append(line)
            if line.startswith("start hello.slow.Slow"):
                break
        children = server_processes_of(app)
        assert children, f"no Python repository process was started: {seen}"
        [folder] = [Path(arg.split()[0]) for arg in children[0].split("--parent-dir ")[1:]]
        assert folder.name.startswith("smv-python-repo-") and folder.is_dir(), children
        os.kill(driver_jvm(driver.pid), signal.SIGKILL)
        driver.wait(30)
        deadline = time.monotonic() + 10
        while server_processes_of(app) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server_processes_of(app) == [], "the Python repository outlived its driver"
        assert not folder.exists(), f"the killed driver's {folder} (socket, address, log) was left behind"
    finally:
        if driver.poll() is None:
            driver.kill()


def test_a_child_crashing_at_start_up_shows_the_end_of_its_output(tmp_path: Path) -> None:
    app = copy_app("hello", tmp_path)
    no_smv = fake_python(tmp_path, f'exec "{sys.executable}" -S "$@"')  # site-packages off: no smv there
    result = spark_submit(app, "--python", str(no_smv), "-m", "hello.mods.Shout")
    assert result.returncode == 1
    assert re.search(r"the Python repository of hello \(pid \d+, .*python\) exited \(status 1\) before serving; "
                     r"its output ends:\n.*No module named 'smv'", result.stderr, re.S), result.stderr[-2000:]


def test_a_child_that_never_serves_fails_the_run_at_a_deadline_naming_it(tmp_path: Path) -> None:
    app = copy_app("hello", tmp_path)
    silent = fake_python(tmp_path, "echo 'importing a very large app...' >&2\nexec sleep 300")
    result = spark_submit(app, "--python", str(silent), "--conf", "smv.pythonStartTimeoutSeconds=3",
                          "-m", "hello.mods.Shout")
    assert result.returncode == 1
    assert re.search(r"the Python repository of hello \(pid (\d+), .*python\) did not start serving within 3.0 s "
                     r"\(smv.pythonStartTimeoutSeconds\); its output ends:\nimporting a very large app", result.stderr), \
        result.stderr[-2000:]
    pid = int(re.search(r"repository of hello \(pid (\d+)", result.stderr).group(1))  # type: ignore[union-attr]
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


def test_an_embedded_app_serves_each_group_of_stages_from_its_own_repository(
        tmp_path: Path, spark: SparkSession) -> None:
    app_dir = copy_app("crosslang", tmp_path)
    props = {"smv.pythonStageGroups": "smvfix.py1; smvfix.py2"}
    with SmvApp.create(app_dir, props, spark=spark) as app:
        assert len(set(app.repository_addresses)) == 3
        urns = ["urn:smv:mod:smvfix.scala2.UsesPyOutput", "urn:smv:mod:smvfix.py2.mods.PyLinksScala"]
        ran = app.run(urns).report["ran"]
    assert {"urn:smv:mod:smvfix.py1.mods.PyOut", *urns} <= set(ran)


def test_a_stage_in_two_groups_is_named(tmp_path: Path, spark: SparkSession) -> None:
    with pytest.raises(AppConfigError, match="smv.pythonStageGroups: stage smvfix.py1 is in more than one group"):
        SmvApp.create(copy_app("crosslang", tmp_path), {"smv.pythonStageGroups": "smvfix.py1; smvfix.py1, smvfix.py2"},
                      spark=spark)


def test_a_create_that_fails_leaves_no_server_nor_path_behind(tmp_path: Path, spark: SparkSession) -> None:
    """The JVM SmvApp refuses the conf after the Python repository started: what create set up is undone."""
    app_dir = copy_app("crosslang", tmp_path)
    python_dir = str(app_dir / "src" / "main" / "python")
    before = set(Path(tempfile.gettempdir()).glob("smv-repo-*"))
    with pytest.raises(Exception, match="smv.lockLeaseSeconds = abc: expected a number of seconds"):
        SmvApp.create(app_dir, {"smv.lockLeaseSeconds": "abc"}, spark=spark)
    assert python_dir not in sys.path
    assert set(Path(tempfile.gettempdir()).glob("smv-repo-*")) == before, "a repository server was left"
    with SmvApp.create(app_dir, spark=spark) as app:  # the retry a notebook makes works
        assert app.all_urns()
