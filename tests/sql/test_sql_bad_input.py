"""Bad SQL modules get one line naming the module, the file and line, and what is wrong
(Spark's words for a query that does not parse); a cycle of .sql modules is named."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest
from pyspark.sql import SparkSession

from smv.app.smv_app import SmvApp
from smv.repository.errors import SqlModuleError
from smv.repository.python_repository import PythonDataSetRepository

FILES = {
    "broken.sql": "-- smv: output\nSELECT k\nFROM Good\nWHERE k > > 1\n",
    "unknown.sql": "SELECT *\nFROM nowhere\n",
    "header.sql": "-- description: fine\n-- smv: outptu\nSELECT 1 AS one\n",
    "ping.sql": "SELECT * FROM pong\n",
    "pong.sql": "SELECT * FROM ping\n",
    "mods.py": ("import smv\n\n\nclass Good(smv.SmvCsvStringData):\n"
                "    def schemaStr(self):\n        return 'k:Integer'\n\n"
                "    def dataStr(self):\n        return '1;2'\n\n\n"
                "class Stray(smv.SmvSqlModule):\n"
                "    def tables(self):\n        return {'good': Good}\n\n"
                "    def query(self):\n        return '''\n            SELECT * FROM good\n"
                "            JOIN elsewhere USING (k)'''\n"),
}


def one_line(message: str) -> str:
    assert "\n" not in message.strip(), message
    return message


def test_a_query_that_does_not_parse_or_names_an_unknown_table_is_one_line_naming_file_and_line(
        one_stage_app: Callable[[str, dict[str, str]], Path], spark: SparkSession,
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = one_stage_app("sqlbad", FILES)
    monkeypatch.syspath_prepend(str(app / "src" / "main" / "python"))
    repository = PythonDataSetRepository(["sqlbad"], None, spark)
    folder = app / "src" / "main" / "python" / "sqlbad"
    with pytest.raises(SqlModuleError) as broken:
        repository.dependencies("urn:smv:mod:sqlbad.broken")
    assert re.match(rf"^sqlbad\.broken \({re.escape(str(folder / 'broken.sql'))}:4\): \[PARSE_SYNTAX_ERROR\] "
                    r"Syntax error at or near '>'", one_line(str(broken.value))), str(broken.value)
    with pytest.raises(SqlModuleError) as unknown:
        repository.dependencies("urn:smv:mod:sqlbad.unknown")
    assert one_line(str(unknown.value)).startswith(
        f"sqlbad.unknown ({folder / 'unknown.sql'}:2): the query reads table nowhere, which is no dataset of stage sqlbad")
    with pytest.raises(SqlModuleError) as header:
        repository.dependencies("urn:smv:mod:sqlbad.header")
    assert one_line(str(header.value)) == (f"sqlbad.header ({folder / 'header.sql'}:2): the header says 'smv: outptu'; "
                                           "expected 'smv: output' or 'smv: output db.table'")
    # the others are fine: one bad file spoils only its own module
    assert repository.dependencies("urn:smv:mod:sqlbad.ping") == ["urn:smv:mod:sqlbad.pong"]


def test_a_cycle_of_sql_modules_and_an_smv_sql_module_reading_an_unknown_table_are_named(
        one_stage_app: Callable[[str, dict[str, str]], Path], open_app: Callable[[Path], SmvApp]) -> None:
    app = open_app(one_stage_app("sqlbad", FILES))
    with pytest.raises(Exception) as cycle:
        app.run_module("sqlbad.ping")
    assert "cycle" in str(cycle.value) and "sqlbad.ping" in str(cycle.value) and "sqlbad.pong" in str(cycle.value)
    with pytest.raises(Exception) as stray:
        app.run_module("sqlbad.mods.Stray")
    assert re.search(r"sqlbad\.mods\.Stray \(.*mods\.py:19\): the query reads table elsewhere, which is not one "
                     r"of the module's tables \(good\)", str(stray.value)), str(stray.value)
