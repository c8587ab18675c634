"""Error details stay bounded whatever the request: a megabyte urn is NOT_FOUND for a standard
grpcio client (smv-repo's), never RESOURCE_EXHAUSTED for trailers over its 8 KiB limit; and a
status whose details cannot be read is still one RepositoryCallError, never a ValueError."""
from __future__ import annotations

from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from google.rpc import status_pb2

from smv.repository import errors
from smv.repository.errors import RepositoryCallError
from smv.transport.client import RepositoryClient
from tests.repository.support import call_error


@pytest.mark.parametrize("length", [10_000, 1_000_000])
def test_a_huge_unknown_urn_is_not_found_with_small_trailers(client: RepositoryClient, length: int) -> None:
    urn = "urn:smv:mod:shop_raw.inputs.NoSuch" + "X" * length
    error = call_error(client.dependencies, urn)
    assert (error.code, error.reason) == (grpc.StatusCode.NOT_FOUND, "DATASET_NOT_FOUND")
    assert error.metadata["urn"].startswith("urn:smv:mod:shop_raw.inputs.NoSuchXXX")
    assert error.metadata["urn"].endswith("...(truncated)") and len(error.metadata["urn"]) <= 200


def test_every_status_fits_the_trailer_budget_even_with_a_long_traceback_and_message() -> None:
    try:
        raise RuntimeError("é" * 50_000)  # non-ASCII: percent-encoded three times over in grpc-message
    except RuntimeError as exc:
        status = errors.to_status(errors.UserCodeError.wrap(exc, urn="urn:smv:mod:a." + "B" * 100_000, phase="run"))
    assert errors.trailer_bytes(status.trailing_metadata, status.details) <= errors.TRAILER_BUDGET_BYTES


class _DisagreeingDetails(grpc.GenericRpcHandler):
    """Answers every call NOT_FOUND with details that claim INTERNAL (as a proxy rewriting codes may)."""

    def service(self, handler_call_details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler:
        def abort(_request: bytes, context: grpc.ServicerContext) -> bytes:
            details = status_pb2.Status(code=grpc.StatusCode.INTERNAL.value[0], message="inner").SerializeToString()
            context.abort_with_status(_Status(grpc.StatusCode.NOT_FOUND, "outer",
                                              (("grpc-status-details-bin", details),)))
            raise AssertionError("unreachable")

        return grpc.unary_unary_rpc_method_handler(abort)


class _Status(grpc.Status):
    def __init__(self, code: grpc.StatusCode, details: str, trailing_metadata: tuple[tuple[str, bytes], ...]) -> None:
        self.code, self.details, self.trailing_metadata = code, details, trailing_metadata


@pytest.fixture
def disagreeing_server(tmp_path: Path) -> Iterator[str]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2), handlers=[_DisagreeingDetails()])
    target = f"unix:{tmp_path / 'disagree.sock'}"
    server.add_insecure_port(target)
    server.start()
    try:
        yield target
    finally:
        server.stop(None).wait()


def test_unreadable_status_details_are_still_one_repository_call_error(disagreeing_server: str) -> None:
    with RepositoryClient(disagreeing_server, "token", deadline=30, retry_for=0) as client:
        error = call_error(client.list_data_sets)
    assert isinstance(error, RepositoryCallError) and error.code == grpc.StatusCode.NOT_FOUND
    assert error.message.startswith("outer (the status details could not be read: ")
