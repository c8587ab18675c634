"""RepositoryClient: deadlines on every call, retries only for idempotent metadata calls."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc

from tests.repository.support import call_error
from smv.app.config import AppConfig
from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.client import RepositoryClient
from smv.transport.server import RepositoryServer


class CallLog(grpc.UnaryUnaryClientInterceptor):
    """Records the call details (method, timeout) of every attempt."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def intercept_unary_unary(self, continuation: Callable[..., Any], client_call_details: Any, request: Any) -> Any:
        self.calls.append(client_call_details)
        return continuation(client_call_details, request)


def test_metadata_calls_retry_while_the_server_is_starting(shop: AppConfig, tmp_path: Path) -> None:
    address = f"unix:{tmp_path}/late.sock"
    server = RepositoryServer(PythonDataSetRepository(shop.stages, str(shop.input_dir), None), address=address)
    starter = threading.Timer(0.5, server.start)
    starter.start()
    try:
        with RepositoryClient(address, server.token, retry_for=300, retry_backoff=0.1) as client:
            assert client.list_data_sets("shop_report")
    finally:
        starter.join()
        server.stop()


def test_only_idempotent_calls_are_retried_and_every_call_has_a_deadline(tmp_path: Path) -> None:
    log = CallLog()
    with RepositoryClient(f"unix:{tmp_path}/nobody.sock", "token", deadline=5, run_deadline=60, retry_for=0.5,
                          retry_backoff=0.01, interceptors=[log]) as client:
        start = time.monotonic()
        assert call_error(client.list_data_sets).code == grpc.StatusCode.UNAVAILABLE
        assert time.monotonic() - start >= 0.25  # retried for (about) retry_for, not a number of times
        retried = len(log.calls)
        assert retried >= 2
        assert call_error(client.get_data_frame, "urn:smv:mod:a.B", {}, "run").code == grpc.StatusCode.UNAVAILABLE
        assert call_error(client.rerun, "urn:smv:mod:a.B", {}, "run").code == grpc.StatusCode.UNAVAILABLE
        assert len(log.calls) == retried + 2
    assert all(c.timeout is not None and c.timeout <= 60 for c in log.calls)
