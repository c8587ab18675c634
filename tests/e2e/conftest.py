"""End-to-end fixtures: SMV apps copied to a temporary folder and run by the real JVM SmvApp."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, Iterator

import pytest
from pyspark.sql import SparkSession

from smv.app.smv_app import SmvApp

APPS = Path(__file__).resolve().parents[1] / "fixtures" / "apps"


@pytest.fixture()
def app_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copies a fixture app to a fresh folder (so its outputs and edits stay there)."""
    def copy(name: str) -> Path:
        return Path(shutil.copytree(APPS / name, tmp_path / name))
    return copy


@pytest.fixture()
def open_app(spark: SparkSession) -> Iterator[Callable[[Path], SmvApp]]:
    """Creates SmvApps on the shared session; closes every one at the end of the test."""
    opened: list[SmvApp] = []

    def open_(app_dir: Path) -> SmvApp:
        opened.append(SmvApp.create(app_dir, spark=spark))
        return opened[-1]

    yield open_
    for app in opened:
        app.close()


@pytest.fixture(scope="module")
def crosslang(spark: SparkSession, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmvApp]:
    """One crosslang app for read-only tests of a module."""
    app_dir = Path(shutil.copytree(APPS / "crosslang", tmp_path_factory.mktemp("xl") / "crosslang"))
    app = SmvApp.create(app_dir, spark=spark)
    yield app
    app.close()
