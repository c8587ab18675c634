"""SmvApp.create discovers the stages before any call asks (PythonDataSetRepository.discover_ahead).

A 10,000-dataset discovery takes seconds, far more on a busy machine: inside the JVM's first
ListDataSets it once ran past that call's 30 s deadline. Done ahead, no call waits for it;
a stage that fails to import is still reported by the first call, as before.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.app_generator import AppSpec, generate_app
from smv.repository import errors
from smv.repository.python_repository import PythonDataSetRepository
from tests.repository.support import APPS, app_props


def test_the_catalog_is_discovered_ahead_of_the_first_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = AppSpec(200, per_file=20)
    app = generate_app(tmp_path / "app", spec)
    monkeypatch.syspath_prepend(str(app / "src" / "main" / "python"))
    repository = PythonDataSetRepository(["benchapp"], str(app / "data" / "input"), None)
    repository.discover_ahead()
    shutil.rmtree(app / "src")  # a discovery now would find nothing: the answer is the one made ahead
    assert repository.list_data_sets() == sorted(spec.urns())


def test_a_stage_that_fails_to_import_is_reported_by_the_first_call_not_ahead() -> None:
    props = app_props(APPS / "broken_import")
    repository = PythonDataSetRepository(props.stages, str(props.input_dir), None)
    repository.discover_ahead()  # does not raise
    with pytest.raises(errors.UserCodeError, match="brokenimp.typo"):
        repository.list_data_sets()
