"""10,000 datasets: discovered, listed and described completely over gRPC (metadata only, no Spark).

The generated app's docstrings are padded so the whole closure (~7 MB) is well past
gRPC's default 4 MiB message limit: both sides' limits are sized on purpose.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.app_generator import AppSpec, generate_app
from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.client import RepositoryClient
from smv.transport.server import RepositoryServer

SPEC = AppSpec(n=10_000, shape="chain", per_file=500, doc_padding=600)


def test_the_listing_and_the_whole_closure_of_10000_datasets_arrive_complete(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = generate_app(tmp_path / "big", SPEC)
    monkeypatch.syspath_prepend(str(app / "src" / "main" / "python"))
    repository = PythonDataSetRepository(["benchapp"], str(app / "data" / "input"), None)
    with RepositoryServer(repository) as server, \
            RepositoryClient(server.address, server.token, deadline=120) as client:
        assert client.list_data_sets() == sorted(SPEC.urns())
        closure = client.metadata([SPEC.urns()[-1]], include_dependency_closure=True)
        assert [m.urn for m in closure] == list(reversed(SPEC.urns()))
        assert sum(m.ByteSize() for m in closure) > 4 * 1024 * 1024  # past gRPC's default limit
        assert len({m.hash for m in closure}) == len(closure)
