"""SMV's shell functions from a notebook-style script (on the session's SparkSession), createDF
from Python, and smv-pyshell itself driven through a pseudo-terminal."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest
from pyspark.sql import SparkSession
from pyspark.sql import types as T

from smv.api.schema import SchemaError
from smv.app.smv_app import SmvApp
from smv.templates.render import make_app
from tests.tools.conftest import BIN

DEAD_MODULE = '''import smv
from nb.stage2.category import EmploymentByState


class Scratch(smv.SmvModule):
    """Nothing needs it."""

    def requiresDS(self):
        return [EmploymentByState]

    def run(self, i):
        return i[EmploymentByState]
'''

# Real builds and Spark processes: generous deadlines on a busy machine (pyproject's default is 600 s).
pytestmark = pytest.mark.timeout(1800)


def test_shell_functions_in_a_notebook(spark: SparkSession, tmp_path: Path) -> None:
    app_dir = make_app("enterprise", "Nb", tmp_path / "nb")
    app = SmvApp.create(app_dir, spark=spark)
    try:
        from smv.shell import ancestors, descendants, df, graph, graphStage, ls, lsDead, lsStage, openCsv

        assert {r.category for r in df("EmploymentByStateCategory").collect()} == {"large", "small"}
        assert lsStage() == ["nb.stage1", "nb.stage2"]
        assert ls("nb.stage1") == ["  (I) nb.stage1.employment.Employment [python]",
                                   "  (O) nb.stage1.employment.EmploymentByState [python]"]
        assert ancestors("EmploymentByStateCategory") == ["nb.stage1.employment.Employment",
                                                          "nb.stage1.employment.EmploymentByState"]
        assert descendants("Employment") == ["nb.stage1.employment.EmploymentByState",
                                             "nb.stage2.category.EmploymentByStateCategory"]
        assert graph("nb.stage2") == [
            "nb.stage1.employment.EmploymentByState -> nb.stage2.category.EmploymentByStateCategory (link)"]
        assert graphStage() == ["nb.stage1 -> nb.stage2"]
        (app_dir / "src/main/python/nb/stage2/scratch.py").write_text(DEAD_MODULE)
        assert lsDead() == ["nb.stage2.scratch.Scratch"]

        category = app_dir / "src/main/python/nb/stage2/category.py"
        category.write_text(category.read_text().replace('"large"', '"big"'))
        assert {r.category for r in df("EmploymentByStateCategory").collect()} == {"big", "small"}

        assert openCsv(str(app_dir / "data/input/employment.csv")).count() == 12
    finally:
        app.close()


def test_create_df_reads_smv_schema_strings(spark: SparkSession, tmp_path: Path) -> None:
    app = SmvApp.create(make_app("simple", "Cdf", tmp_path / "cdf"), spark=spark)
    try:
        frame = app.createDF("a:String; b:Integer; c:Timestamp[yyyy-MM-dd]; d:Date[yyyyMMdd]; e:Double",
                             'x,1,2015-09-30,20150930,1.5;y,2,,,;"q,r",,2016-01-02,20160102,-2')
        assert [f.dataType for f in frame.schema.fields] == [T.StringType(), T.IntegerType(), T.TimestampType(),
                                                            T.DateType(), T.DoubleType()]
        rows = [(r.a, r.b, r.c and r.c.isoformat(), r.d and r.d.isoformat(), r.e) for r in frame.collect()]
        assert rows == [("x", 1, "2015-09-30T00:00:00", "2015-09-30", 1.5), ("y", 2, None, None, None),
                        ("q,r", None, "2016-01-02T00:00:00", "2016-01-02", -2.0)]
        with pytest.raises(SchemaError, match=r"^bad SMV schema in createDF schema 'a:String; b:Intger': "
                                              r"entry 2 'b:Intger': unknown type 'Intger' \(expected String"):
            app.createDF("a:String; b:Intger", "x,1")
        with pytest.raises(SchemaError, match=r"1 record\(s\) do not parse, e.g. 'y,two'$"):
            app.createDF("a:String; b:Integer", "x,1;y,two")
    finally:
        app.close()


def _read_until(fd: int, marker: str, seen: list[str], deadline_s: float) -> None:
    """Reads the terminal until `marker` shows (or the deadline passes: the test fails with what was seen)."""
    end = time.monotonic() + deadline_s
    while marker not in "".join(seen):
        left = end - time.monotonic()
        assert left > 0, f"{marker!r} did not show within {deadline_s}s; the terminal showed:\n{''.join(seen)}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen.append(os.read(fd, 4096).decode(errors="replace"))
            except OSError:  # the shell ended
                break
    assert marker in "".join(seen), "".join(seen)


def test_smv_pyshell_through_a_terminal(tmp_path: Path) -> None:
    app_dir = make_app("simple", "Sh", tmp_path / "sh")
    controller, terminal = pty.openpty()
    shell = subprocess.Popen([str(BIN / "smv-pyshell"), "--smv-app-dir", str(app_dir)], stdin=terminal,
                             stdout=terminal, stderr=terminal, cwd=tmp_path, close_fds=True)
    os.close(terminal)
    seen: list[str] = []
    try:
        _read_until(controller, ">>> ", seen, 900)
        os.write(controller, b'print("ROWS=%d" % df("EmploymentByState").count(), "INIT=" + SHELL_GREETING[:2])\n')
        _read_until(controller, "ROWS=8 INIT=Sh", seen, 900)
        os.write(controller, b'ls()\n')
        _read_until(controller, "(O) sh.stage1.employment.EmploymentByState [python]", seen, 600)
        os.write(controller, b"exit()\n")
        assert shell.wait(timeout=120) == 0, "".join(seen)
    finally:
        if shell.poll() is None:
            shell.kill()
            shell.wait()
        os.close(controller)
