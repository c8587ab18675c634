"""The Scala-driven deployment: `spark-submit --class smv.SmvMain ... --app-dir APP` starts
the app in the JVM, which starts a Python repository process attached to its py4j gateway;
Python modules run in the driver's Spark session and pass DataFrames by handle."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.e2e.submit import APPS, server_processes_of, spark_submit


def test_the_jvm_runs_python_modules_through_an_attached_repository_process(tmp_path: Path) -> None:
    app = Path(shutil.copytree(APPS / "crosslang", tmp_path / "crosslang"))
    result = spark_submit(app, "-m", "smvfix.scala2.UsesPyOutput", "-m", "smvfix.py2.mods.PyLinksScala")
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    for fqn in ("smvfix.py1.mods.PyOut", "smvfix.scala2.UsesPyOutput", "smvfix.py2.mods.PyLinksScala"):
        assert any(line.startswith(f"end   {fqn} (") and " run " in line for line in lines), result.stdout
    assert "ran 8, reused 0" in result.stdout
    output = app / "data" / "output"
    assert len(list(output.glob("smvfix.py2.mods.PyLinksScala_*.parquet"))) == 1
    assert server_processes_of(app) == [], "the Python repository process outlived the run"

    again = spark_submit(app, "-m", "smvfix.py2.mods.PyLinksScala")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "ran 0, reused 1" in again.stdout


def test_the_attached_python_repository_reads_inputs_where_the_driver_says(tmp_path: Path) -> None:
    app = Path(shutil.copytree(APPS / "hello", tmp_path / "hello"))
    (app / "src" / "main" / "python" / "hello" / "files.py").write_text(
        "import smv\n\n\nclass Zoo(smv.SmvCsvFile):\n    def path(self):\n        return 'zoo.csv'\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "zoo.csv").write_text("name,legs\nokapi,4\n")
    (elsewhere / "zoo.schema").write_text("@has-header = true\nname: String\nlegs: Integer\n")
    result = spark_submit(app, "--conf", f"smv.inputDir={elsewhere}", "-m", "hello.files.Zoo")
    assert result.returncode == 0, result.stderr[-3000:]
    assert any(line.startswith("end   hello.files.Zoo (python) run") for line in result.stdout.splitlines())


def test_a_python_that_cannot_serve_is_one_clear_error(tmp_path: Path) -> None:
    app = Path(shutil.copytree(APPS / "crosslang", tmp_path / "crosslang"))
    result = spark_submit(app, "--python", str(tmp_path / "no-such-python"), "-m", "smvfix.py1.mods.PyOut")
    assert result.returncode == 1
    assert "cannot start the Python repository with" in result.stderr and "PYSPARK_PYTHON" in result.stderr


def test_a_setup_failure_after_the_python_repository_started_stops_it_and_leaves_no_folder(tmp_path: Path) -> None:
    app = Path(shutil.copytree(APPS / "crosslang", tmp_path / "crosslang"))
    jvm_tmp = Path(tempfile.mkdtemp(prefix="smv-t-"))  # short: the repository's Unix socket goes below it
    try:
        result = spark_submit(app, "--conf", "smv.lockLeaseSeconds=abc", "-m", "smvfix.py1.mods.PyOut",
                              spark_conf=[f"spark.driver.extraJavaOptions=-Djava.io.tmpdir={jvm_tmp}"])
        assert result.returncode == 1
        assert "started the Python repository" in result.stdout, result.stderr[-3000:]
        assert "smv.lockLeaseSeconds = abc: expected a number of seconds" in result.stderr
        assert [p.name for p in jvm_tmp.glob("smv-python-repo-*")] == []
        assert server_processes_of(app) == []
    finally:
        shutil.rmtree(jvm_tmp, ignore_errors=True)
