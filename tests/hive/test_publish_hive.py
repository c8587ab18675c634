"""smv-run --publish-hive writes outputs with a tableName() (a Python module's and a .sql
module's header) into the app's embedded metastore; a later run reads one back through an
SmvHiveTable (spark.table). Real processes: each smv-run is a JVM with Hive on."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.app_writer import write_app

MODS = """import smv


class Source(smv.SmvCsvStringData):
    def schemaStr(self):
        return "k:String; v:Integer"

    def dataStr(self):
        return "a,1;b,2;c,3"


class Published(smv.SmvModule, smv.SmvOutput):
    def requiresDS(self):
        return [Source]

    def run(self, i):
        return i[Source]

    def tableName(self):
        return "smvtest.published"


class FromHive(smv.SmvHiveTable):
    def tableName(self):
        return "smvtest.published"


class ReadBack(smv.SmvModule, smv.SmvOutput):
    def requiresDS(self):
        return [FromHive]

    def run(self, i):
        return i[FromHive].where("v > 1").orderBy("k")
"""
DOUBLED_SQL = "-- smv: output smvtest.doubled\nSELECT k, v * 2 AS v FROM Source\n"


def smv_run(app: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(app), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=app,
                          env={**os.environ, "PYSPARK_SUBMIT_ARGS": ""})


def test_publish_hive_writes_outputs_as_tables_and_an_smv_hive_table_reads_them_back(tmp_path: Path) -> None:
    app = write_app(tmp_path / "hivefix_app", "hivefix", {"mods.py": MODS, "doubled.sql": DOUBLED_SQL})

    published = smv_run(app, "-m", "hivefix.mods.Published", "hivefix.doubled", "--publish-hive")
    assert published.returncode == 0, published.stderr
    assert "Published hivefix.mods.Published as Hive table smvtest.published" in published.stdout
    assert "Published hivefix.doubled as Hive table smvtest.doubled" in published.stdout
    assert (app / ".smv" / "metastore_db").is_dir()
    assert list((app / ".smv" / "warehouse" / "smvtest.db" / "doubled").glob("*.parquet"))
    assert not (app / "derby.log").exists() and (app / ".smv" / "derby.log").is_file()

    read_back = smv_run(app, "-m", "hivefix.mods.ReadBack", "--show", "5")
    assert read_back.returncode == 0, read_back.stderr
    shown = read_back.stdout[read_back.stdout.index("hivefix.mods.ReadBack:"):]
    rows = [line.split("|")[1:3] for line in shown.splitlines() if line.startswith("|")][1:]
    assert [(k.strip(), v.strip()) for k, v in rows] == [("b", "2"), ("c", "3")], read_back.stdout
