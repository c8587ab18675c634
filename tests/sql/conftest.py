"""SQL-module fixtures: the e2e fixtures (fixture apps copied to a temporary folder, SmvApps on
the shared session) and small one-stage apps written by a test."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from tests.app_writer import write_app
from tests.e2e.conftest import app_copy, open_app  # noqa: F401 - fixtures shared with the e2e tests


@pytest.fixture()
def sqlmods_dir(app_copy: Callable[[str], Path]) -> Path:  # noqa: F811
    """A fresh copy of the sqlmods app (its outputs and edits stay in it)."""
    return app_copy("sqlmods")


@pytest.fixture()
def one_stage_app(tmp_path: Path) -> Callable[[str, dict[str, str]], Path]:
    """An app of one stage whose files (relative to its stage folder) are given as text."""
    return lambda stage, files: write_app(tmp_path / f"app_{stage}", stage, files)
