"""A SQL module's hash covers its normalized query: comment and layout edits keep it, a query
edit changes it (both forms; the repository reads the files afresh on reload)."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from smv.repository.python_repository import PythonDataSetRepository

PRICED = "urn:smv:mod:smvfix.sqlmix.priced"
BIG = "urn:smv:mod:smvfix.sqlmix.big.BigKeys"


def hashes(repository: PythonDataSetRepository) -> dict[str, str]:
    repository.reload()
    return {m.urn: m.hash for m in repository.metadata([PRICED, BIG])}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_comment_and_layout_edits_keep_a_sql_modules_hash_and_query_edits_change_it(
        sqlmods_dir: Path, spark: SparkSession, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(sqlmods_dir / "src" / "main" / "python"))
    repository = PythonDataSetRepository(["smvfix.sqlmix", "smvfix.scala1"], None, spark)
    stage = sqlmods_dir / "src" / "main" / "python" / "smvfix" / "sqlmix"
    first = hashes(repository)

    edit(stage / "priced.sql", "-- a Python input joined with a Scala module", "/* another\n comment */")
    edit(stage / "priced.sql", "FROM Orders o\nJOIN", "FROM   Orders o\n\n    JOIN")
    edit(stage / "priced.sql", "-- description: Each", "-- description: Every")
    edit(stage / "big.py", "-- the big ones only", "-- keys over 100")
    edit(stage / "big.py", "            WHERE total > 100\n", "  WHERE total > 100\n")
    assert hashes(repository) == first

    edit(stage / "priced.sql", "o.qty * r.rate", "o.qty * r.rate + 1")
    edit(stage / "big.py", "WHERE total > 100", "WHERE total > 200")
    changed = hashes(repository)
    assert changed[PRICED] != first[PRICED] and changed[BIG] != first[BIG]
