"""SmvBaseTest: the base class of an SMV app's tests (src/test/python/test*.py, run by smv-pytest).

Each test class gets its own SmvApp on the app (`$SMV_APP_DIR`, default the current folder) whose
data lives in a temporary folder of its own (`tmpDataDir()`: inputs under `tmpInputDir()`, written by
`createTempInputFile`, outputs beside them), so tests never read or write the app's real data. One
SparkSession, carrying the app's Scala jars, serves every class of the run.
"""
from __future__ import annotations

import argparse
import os
import re
import tempfile
import unittest
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from smv.app.smv_app import SmvApp

APP_DIR_ENV = "SMV_APP_DIR"
TMP_DIR_ENV = "SMV_TEST_TMP_DIR"
_session: "SparkSession | None" = None
_tmp_root: Path | None = None


def app_dir() -> Path:
    """The app under test: $SMV_APP_DIR (smv-pytest sets it), else the current folder."""
    return Path(os.environ.get(APP_DIR_ENV, ".")).resolve()


def tmp_root() -> Path:
    """This run's temporary folder ($SMV_TEST_TMP_DIR, which smv-pytest makes and removes)."""
    global _tmp_root
    if _tmp_root is None:
        given = os.environ.get(TMP_DIR_ENV)
        _tmp_root = Path(given) if given else Path(tempfile.mkdtemp(prefix="smv-test-"))
    return _tmp_root


def shared_session() -> "SparkSession":
    """The run's one SparkSession, with the SMV jar and the app's own Scala jars."""
    global _session
    if _session is None:
        from smv.app.config import app_jars, load_app_config
        from smv.spark.session import create_spark_session

        config = load_app_config(app_dir())
        _session = create_spark_session(f"{config.app_name} tests",
                                        extra_jars=[str(j) for j in app_jars(config)])
    return _session


def stop_shared_session() -> None:
    """Stops the run's SparkSession, if one was started."""
    global _session
    if _session is not None:
        _session.stop()
        _session = None


def _props_of(args: list[str]) -> dict[str, str]:
    """SMV's app arguments a test class may give (`--smv-props k=v ...`) as props."""
    from smv.app.config import parse_prop_overrides

    parser = argparse.ArgumentParser(prog="smvAppInitArgs", add_help=False, exit_on_error=False)
    parser.add_argument("--smv-props", nargs="+", default=[])
    try:
        known, unknown = parser.parse_known_args(args)
    except argparse.ArgumentError as exc:
        raise ValueError(f"smvAppInitArgs() {args}: {exc}") from None
    if unknown:
        raise ValueError(f"smvAppInitArgs() {args}: {' '.join(unknown)} is not supported; expected --smv-props k=v ...")
    return parse_prop_overrides(known.smv_props)


class SmvBaseTest(unittest.TestCase):
    """Derive an app's test classes from this; `self.df(name)` runs a module of the app."""

    smvApp: ClassVar["SmvApp"]

    @classmethod
    def smvAppInitArgs(cls) -> list[str]:
        """SMV's arguments for this class's app, e.g. `["--smv-props", "smv.config.k=v"]`."""
        return []

    @classmethod
    def tmpDataDir(cls) -> str:
        """This class's data folder (inputs and outputs), fresh for each run."""
        return str(tmp_root() / re.sub(r"[^\w.-]", "_", f"{cls.__module__}.{cls.__qualname__}"))

    @classmethod
    def tmpInputDir(cls) -> str:
        """The input folder of this class's app (smv.inputDir)."""
        return str(Path(cls.tmpDataDir()) / "input")

    @classmethod
    def createTempInputFile(cls, baseName: str, fileContents: str = "") -> str:
        """Writes an input file (data or schema) under tmpInputDir(); returns its path."""
        path = Path(cls.tmpInputDir()) / baseName
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(fileContents)
        return str(path)

    @classmethod
    def setUpClass(cls) -> None:
        from smv.app.smv_app import SmvApp

        super().setUpClass()
        data = Path(cls.tmpDataDir())
        Path(cls.tmpInputDir()).mkdir(parents=True, exist_ok=True)
        props = {"smv.dataDir": str(data), "smv.inputDir": cls.tmpInputDir(), "smv.outputDir": str(data / "output"),
                 **_props_of(cls.smvAppInitArgs())}
        cls.smvApp = SmvApp.create(app_dir(), props, spark=shared_session())

    @classmethod
    def tearDownClass(cls) -> None:
        try:
            cls.smvApp.close()
        finally:
            super().tearDownClass()

    def createDF(self, schema: str, data: str = "") -> "DataFrame":
        """A DataFrame from SMV's schema string and data string (`"a:String; b:Integer"`, `"x,1;y,2"`)."""
        return self.smvApp.createDF(schema, data)

    def df(self, fqn: str, forceRun: bool = False) -> "DataFrame":
        """The DataFrame of a dataset of the app (urn, fqn or unique suffix), run or reused."""
        return self.smvApp.run_module(fqn, forceRun)

    def should_be_same(self, expected: "DataFrame", result: "DataFrame") -> None:
        """Same columns (in order) and the same rows, in any order."""
        self.assertEqual(expected.columns, result.columns, "the columns differ")
        self.assertEqual(_sorted_rows(expected), _sorted_rows(result), "the rows differ")


def _sorted_rows(df: "DataFrame") -> list[tuple[Any, ...]]:
    """The rows in an order that depends on their values only (1 and 1.0 and Decimal("1.00") alike)."""
    def key(value: Any) -> tuple[int, float, str]:
        if value is None:
            return (2, 0.0, "")
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return (0, float(value), "")
        return (1, 0.0, str(value))

    return sorted((tuple(row) for row in df.collect()), key=lambda row: [key(v) for v in row])
