"""Fixture apps, real repository servers on Unix sockets, and clients for them.

Fixture apps live under tests/fixtures/apps/<name>; each uses stage package names
no other app uses, because all tests share one interpreter (and sys.modules).
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from smv.app.config import AppConfig
from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.client import RepositoryClient
from smv.transport.server import RepositoryServer

from tests.repository.support import APPS, app_props


@pytest.fixture(scope="session")
def shop() -> AppConfig:
    return app_props(APPS / "shop")


@pytest.fixture(scope="session")
def metadata_server(shop: AppConfig) -> Iterator[RepositoryServer]:
    """The shop app served without Spark (metadata-only), in this process."""
    with RepositoryServer(PythonDataSetRepository(shop.stages, str(shop.input_dir), None)) as server:
        yield server


@pytest.fixture(scope="session")
def spark_server(shop: AppConfig, spark: object) -> Iterator[RepositoryServer]:
    """The shop app served with the shared SparkSession."""
    with RepositoryServer(PythonDataSetRepository(shop.stages, str(shop.input_dir), spark)) as server:
        yield server


@pytest.fixture
def client(metadata_server: RepositoryServer) -> Iterator[RepositoryClient]:
    with RepositoryClient(metadata_server.address, metadata_server.token, deadline=60) as c:
        yield c


@pytest.fixture
def run_client(spark_server: RepositoryServer) -> Iterator[RepositoryClient]:
    with RepositoryClient(spark_server.address, spark_server.token, deadline=60, run_deadline=300) as c:
        yield c


@pytest.fixture
def editable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the `editable` app (its stage on sys.path for this test only)."""
    app_dir = tmp_path / "editable"
    shutil.copytree(APPS / "editable", app_dir, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(app_dir / "src" / "main" / "python"))
    return app_dir
