"""SQL-module fixtures: the sqlmods app (tests/fixtures/apps/sqlmods) on the shared session,
and small apps written by a test."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, Iterator

import pytest
from pyspark.sql import SparkSession

from smv.app.smv_app import SmvApp

APPS = Path(__file__).resolve().parents[1] / "fixtures" / "apps"


@pytest.fixture()
def sqlmods_dir(tmp_path: Path) -> Path:
    """A fresh copy of the sqlmods app (its outputs and edits stay in it)."""
    return Path(shutil.copytree(APPS / "sqlmods", tmp_path / "sqlmods"))


@pytest.fixture()
def write_app(tmp_path: Path) -> Callable[[str, dict[str, str]], Path]:
    """An app of one stage `stage` whose files (relative to its stage folder) are given as text."""
    def write(stage: str, files: dict[str, str]) -> Path:
        app = tmp_path / f"app_{stage}"
        (app / "conf").mkdir(parents=True)
        (app / "conf" / "smv-app-conf.props").write_text(f"smv.appName = {stage}\nsmv.stages = {stage}\n")
        folder = app / "src" / "main" / "python" / stage
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
        for name, text in files.items():
            (folder / name).write_text(text)
        return app
    return write


@pytest.fixture()
def open_app(spark: SparkSession) -> Iterator[Callable[[Path], SmvApp]]:
    """SmvApps on the shared session, closed at the end of the test."""
    opened: list[SmvApp] = []

    def open_(app_dir: Path) -> SmvApp:
        opened.append(SmvApp.create(app_dir, spark=spark))
        return opened[-1]

    yield open_
    for app in opened:
        app.close()
