"""Issue 8: data locations are paths or Hadoop URIs. Inputs are read, outputs written and
reused through Hadoop at file:// URIs; a scheme Hadoop does not know, or an input missing at
a URI, is one sentence naming the URI and its setting; an input hashes the same with Spark
(Hadoop's file status) and without (a metadata-only repository's local view)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest
from pyspark.sql import SparkSession

from smv.app.config import AppConfigError
from smv.app.locations import HadoopFiles, LocalFiles
from smv.app.smv_app import SmvApp
from smv.repository.python_repository import PythonDataSetRepository

BIG = "urn:smv:mod:located.mods.BigCities"
CITIES = "urn:smv:mod:located.mods.Cities"


def moved_data(app_dir: Path, where: Path) -> Path:
    """The app's input folder moved out of the app, so only the URIs can find it."""
    shutil.move(str(app_dir / "data" / "input"), str(where / "input"))
    return where


def test_file_uris_for_inputs_and_outputs_read_write_and_reuse(
        app_copy: Callable[[str], Path], spark: SparkSession, tmp_path: Path) -> None:
    app_dir = app_copy("located")
    data = moved_data(app_dir, tmp_path / "shared")
    props = {"smv.inputDir": (data / "input").as_uri(), "smv.outputDir": (data / "output").as_uri()}
    assert props["smv.outputDir"].startswith("file:///")
    with SmvApp.create(app_dir, props, spark=spark) as app:
        first = app.run([BIG])
        rows = sorted(tuple(r) for r in first.dataframes[BIG].collect())
    assert BIG in first.report["ran"] and rows == [("Lagos", 15), ("Lima", 11)]
    assert len(list((data / "output").glob("located.mods.BigCities_*.parquet"))) == 1
    assert not (app_dir / "data" / "output").exists() and not (app_dir / "file:").exists()
    with SmvApp.create(app_dir, props, spark=spark) as app:
        second = app.run([BIG])
        assert second.report["reused"] == [BIG]
        assert sorted(tuple(r) for r in second.dataframes[BIG].collect()) == rows


@pytest.mark.parametrize("props, named", [
    ({"smv.dataDir": "nosuch://bucket/data"}, "smv.inputDir (from smv.dataDir) = nosuch://bucket/data/input"),
    ({"smv.outputDir": "nosuch://bucket/out"}, "smv.outputDir = nosuch://bucket/out"),
])
def test_a_scheme_hadoop_does_not_know_is_one_sentence_naming_uri_and_setting(
        app_copy: Callable[[str], Path], spark: SparkSession, props: dict[str, str], named: str) -> None:
    with pytest.raises(AppConfigError) as raised:
        SmvApp.create(app_copy("hello"), props, spark=spark)
    message = str(raised.value)
    assert message.startswith(f"{named}: Hadoop has no file system for the scheme 'nosuch'"), message
    assert "\n" not in message


def test_an_input_missing_at_a_uri_names_the_uri_and_the_setting(
        app_copy: Callable[[str], Path], spark: SparkSession, tmp_path: Path) -> None:
    app_dir = app_copy("located")
    data = moved_data(app_dir, tmp_path / "shared")
    (data / "input" / "cities.csv").unlink()
    input_uri = (data / "input").as_uri()
    with SmvApp.create(app_dir, {"smv.inputDir": input_uri}, spark=spark) as app:
        with pytest.raises(Exception) as raised:
            app.run([BIG])
    assert (f"data file {input_uri}/cities.csv of located.mods.Cities does not exist "
            f"(smv.inputDir = {input_uri})") in str(raised.value)


def test_an_input_hashes_the_same_with_spark_and_without(
        app_copy: Callable[[str], Path], spark: SparkSession, monkeypatch: pytest.MonkeyPatch) -> None:
    app_dir = app_copy("located")
    monkeypatch.syspath_prepend(str(app_dir / "src" / "main" / "python"))
    inputs = app_dir / "data" / "input"
    stages = ["located"]
    hashes = {(where, "spark" if s else "none"): PythonDataSetRepository(stages, where, s).dataset_hash(CITIES, True)
              for where in (str(inputs), inputs.as_uri()) for s in (spark, None)}
    assert len(set(hashes.values())) == 1, hashes


def test_a_folders_modification_time_is_the_same_through_hadoop_and_locally(
        spark: SparkSession, tmp_path: Path) -> None:
    folder = tmp_path / "parts"
    (folder / "nested").mkdir(parents=True)
    for name, when in [("part-0.csv", 1_700_000_000.123), ("nested/part-1.csv", 1_700_000_500.456),
                       ("_SUCCESS", 1_800_000_000.0), (".part-0.csv.crc", 1_800_000_000.0)]:
        (folder / name).write_text("x\n")
        os.utime(folder / name, (when, when))
    os.utime(folder / "nested", (1_600_000_000, 1_600_000_000))
    os.utime(folder, (1_600_000_000, 1_600_000_000))
    hadoop, local = HadoopFiles(spark), LocalFiles()
    assert local.modification_time_ms(str(folder)) == 1_700_000_500_456  # hidden files do not count
    for target in (folder, folder / "part-0.csv", tmp_path / "missing"):
        assert hadoop.modification_time_ms(target.as_uri()) == local.modification_time_ms(str(target))
        assert hadoop.modification_time_ms(str(target)) == local.modification_time_ms(target.as_uri())
