"""Every DataFrame, Column and function helper from Python, on the cases the Scala suite runs."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.functions import col

from tests.helpers import cases


@pytest.fixture(scope="module")
def tables(spark: SparkSession) -> cases.Tables:
    return cases.tables(spark)


def test_every_shared_case_has_a_python_call_and_every_call_a_case() -> None:
    assert set(cases.CALLS) == set(cases.names("expected"))


@pytest.mark.parametrize("name", sorted(cases.CALLS))
def test_the_helper_gives_the_shared_expected_rows(name: str, spark: SparkSession, tables: cases.Tables) -> None:
    actual, expected = cases.CALLS[name](tables), cases.expected(spark, name)
    assert isinstance(actual, DataFrame)
    assert actual.columns == expected.columns
    assert cases.rows(actual) == cases.rows(expected)


def test_helpers_that_return_or_print_values(tables: cases.Tables, capsys: pytest.CaptureFixture[str]) -> None:
    assert tables["products"].topNValsByFreq(1, col("product")) == ["B"]
    assert (col("price") * 2).alias("amt").smvGetColName() == "amt" and col("a").smvGetColName() == "a"
    tables["products"].smvDiscoverPK(100)
    tables["left"].peek(2)
    tables["left"].smvDumpDF()
    printed = capsys.readouterr().out
    assert printed == "\n".join([cases.text("smvDiscoverPK"), cases.text("peek"), cases.text("smvDumpDF")]) + "\n"


def test_smv_export_csv_and_peek_save_write_local_files(tables: cases.Tables, tmp_path: Path) -> None:
    tables["left"].smvExportCsv(str(tmp_path / "left.csv"), 2)
    assert (tmp_path / "left.csv").read_text() == cases.text("smvExportCsv") + "\n"
    assert (tmp_path / "left.schema").read_text() == "k: String\nv: Integer\nw: String\n"
    tables["left"].peekSave(str(tmp_path / "peek.txt"), 2)
    assert (tmp_path / "peek.txt").read_text() == cases.text("peek") + "\n"
