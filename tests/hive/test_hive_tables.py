"""SmvHiveTable (Python, and Scala's smvfix.hivein.Accounts in the fixtures jar) on the shared
test session, whose in-memory catalog holds a table over files: rows read through spark.table,
a hash that follows the table's files, a missing table named."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest
from pyspark.sql import SparkSession

from smv.app.smv_app import SmvApp
from tests.app_writer import write_app

TABLE = "smv_hive_test_accounts"
MODS = f"""import smv


class Accounts(smv.SmvHiveTable):
    def tableName(self):
        return "{TABLE}"


class Missing(smv.SmvHiveTable):
    def tableName(self):
        return "smvtest.nowhere"


class Rich(smv.SmvModule, smv.SmvOutput):
    def requiresDS(self):
        return [Accounts]

    def run(self, i):
        return i[Accounts].where("balance > 10")
"""


@pytest.fixture()
def table(spark: SparkSession, tmp_path: Path) -> Iterator[Path]:
    """An external table over parquet files in tmp_path/accounts."""
    location = tmp_path / "accounts"
    spark.createDataFrame([("a", 5), ("b", 50)], "id string, balance int").write.parquet(str(location))
    spark.sql(f"CREATE TABLE {TABLE} (id STRING, balance INT) USING parquet LOCATION '{location.as_uri()}'")
    yield location
    spark.sql(f"DROP TABLE IF EXISTS {TABLE}")


@pytest.fixture()
def app(tmp_path: Path, spark: SparkSession) -> Iterator[SmvApp]:
    root = write_app(tmp_path / "hiveapp", "hivein", {"mods.py": MODS}, ["smvfix.hivein"])
    with SmvApp.create(root, spark=spark) as smv_app:
        yield smv_app


def test_a_hive_table_is_read_through_the_catalog_and_hashed_on_its_files(app: SmvApp, table: Path) -> None:
    assert [tuple(r) for r in app.run_module("hivein.mods.Rich").collect()] == [("b", 50)]
    assert sorted(tuple(r) for r in app.run_module("smvfix.hivein.Accounts").collect()) == [("a", 5), ("b", 50)]
    reused = {s.urn: s.action for s in app.dry_run(["urn:smv:mod:hivein.mods.Rich"])}
    assert reused["urn:smv:mod:hivein.mods.Rich"] == "reuse"

    newest = max(f.stat().st_mtime for f in table.iterdir()) + 60  # the table's files rewritten a minute later
    for data in table.iterdir():
        os.utime(data, (newest, newest))
    rerun = {s.urn: s for s in app.dry_run(["urn:smv:mod:hivein.mods.Rich"])}
    assert rerun["urn:smv:mod:hivein.mods.Rich"].action == "run", rerun
    scala = app.dependency_graph(["urn:smv:mod:smvfix.hivein.Accounts"]).nodes[0]
    assert scala.kind == "input" and scala.language == "scala"


def test_a_missing_hive_table_is_one_sentence_naming_the_table_and_the_module(app: SmvApp) -> None:
    with pytest.raises(Exception) as info:
        app.run_module("hivein.mods.Missing")
    assert ("Hive table smvtest.nowhere read by urn:smv:mod:hivein.mods.Missing does not exist "
            "(the session has no Hive metastore") in str(info.value)
