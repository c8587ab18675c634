"""Hostile input to every RPC of both servers (the Python RepositoryServer and the Scala
RepositoryServer, each serving real datasets with the shared Spark session): random and
malformed requests, unknown fields, raw bytes, oversized and deeply nested requests.
Each call gets a documented status (docs/errors.md), neither server crashes, both keep serving.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from pyspark.sql import SparkSession

from smv.repository.errors import RepositoryCallError
from smv.repository.python_repository import PythonDataSetRepository
from smv.spark.jvm import jvm_of, to_java_list
from smv.transport.auth import bearer_metadata, new_token
from smv.transport.client import RepositoryClient
from smv.transport.proto import MAX_MESSAGE_BYTES
from smv.transport.server import RepositoryServer
from tests.repository.support import APPS, app_props
from tests.security.fuzz_requests import METHODS, FuzzRequest, fuzz_requests, nested_groups, path_of

# What a repository answers to bad input (docs/errors.md); UNKNOWN only for user code that raised.
ANSWERS = {grpc.StatusCode.OK, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND,
           grpc.StatusCode.FAILED_PRECONDITION}
OVERSIZED = b"x" * (MAX_MESSAGE_BYTES + (1 << 20))
FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass(frozen=True)
class Served:
    name: str
    address: str
    token: str
    known: list[str]  # urns and stages the server knows, so fuzzing also reaches real datasets


def _known(address: str, token: str) -> list[str]:
    with RepositoryClient(address, token) as client:
        info = client.server_info()
        return [*client.list_data_sets(), *info.stages, "run-fuzz"]


@pytest.fixture(scope="module")
def python_server(spark: SparkSession) -> Iterator[Served]:
    shop = app_props(APPS / "shop")
    with RepositoryServer(PythonDataSetRepository(shop.stages, str(shop.input_dir), spark)) as server:
        yield Served("python", server.address, server.token, _known(server.address, server.token))


@pytest.fixture(scope="module")
def scala_server(spark: SparkSession, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    jvm, token = jvm_of(spark), new_token()
    repository = jvm.smv.repository.ScalaDataSetRepository.create(to_java_list(spark, ["smvfix.scala1"]),
                                                       str(tmp_path_factory.mktemp("in")))
    server = jvm.smv.grpc.RepositoryServer.start(repository, f"unix:{tmp_path_factory.mktemp('scala') / 's.sock'}", token)
    try:
        target = str(server.target())
        yield Served("scala", target, token, _known(target, token))
    finally:
        server.close()


@pytest.fixture(params=["python", "scala"])
def served(request: pytest.FixtureRequest) -> Served:
    return request.getfixturevalue(f"{request.param}_server")


def _call(served: Served, path: str, payload: bytes, token: str | None = None) -> tuple[grpc.StatusCode, str]:
    options = [("grpc.max_send_message_length", 2 * MAX_MESSAGE_BYTES)]
    with grpc.insecure_channel(served.address, options=options) as channel:
        call = channel.unary_unary(path, request_serializer=None, response_deserializer=None)
        try:
            call(payload, metadata=bearer_metadata(token or served.token), timeout=60)
            return grpc.StatusCode.OK, ""
        except grpc.RpcError as exc:
            return exc.code(), exc.details() or ""


def _assert_documented(request: FuzzRequest, code: grpc.StatusCode, details: str) -> None:
    if not request.decodes:
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "not a valid" in details, (request, code, details)
    elif code == grpc.StatusCode.UNKNOWN:
        assert "raised" in details, f"UNKNOWN that is not user code raising, for {request}: {details}"
    else:
        assert code in ANSWERS, f"{code.name} for {request}: {details}"


def _assert_still_serving(served: Served) -> None:
    with RepositoryClient(served.address, served.token, deadline=30) as client:
        assert client.list_data_sets() and client.health() == "SERVING"


def test_random_and_malformed_requests_to_every_rpc_get_documented_statuses(served: Served) -> None:
    seen: set[tuple[str, str]] = set()

    @FUZZ
    @given(fuzz_requests(served.known))
    def one(request: FuzzRequest) -> None:
        code, details = _call(served, request.method, request.payload)
        _assert_documented(request, code, details)
        seen.add((request.method, code.name))

    one()
    for method in METHODS:  # hypothesis draws methods at random: make sure every RPC got at least one request
        code, details = _call(served, path_of(method), b"")
        _assert_documented(FuzzRequest(path_of(method), b"", "message", True), code, details)
        seen.add((path_of(method), code.name))
    _assert_still_serving(served)
    assert {path_of(m) for m in METHODS} <= {method for method, _ in seen}, "some RPC was never fuzzed"


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.name)
def test_oversized_requests_are_refused(served: Served, method: object) -> None:
    """Over the servers' limit (MAX_MESSAGE_BYTES, 64 MiB): RESOURCE_EXHAUSTED, or CANCELLED when
    the server resets the stream while the client is still sending (grpc-java does)."""
    code, details = _call(served, path_of(method), OVERSIZED)  # type: ignore[arg-type]
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED or (
        code == grpc.StatusCode.CANCELLED and "RST_STREAM" in details), (code, details)
    _assert_still_serving(served)


def test_deeply_nested_unknown_fields_are_refused_as_unparseable(served: Served) -> None:
    for method in METHODS:
        code, details = _call(served, path_of(method), nested_groups(100_000))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "not a valid" in details, (method.name, code, details)
    _assert_still_serving(served)


def test_huge_repeated_fields_are_answered(served: Served) -> None:
    from smv.transport.proto import pb

    urn = next(u for u in served.known if u.startswith("urn:smv:mod:"))
    many_known = pb.BatchGetMetadataRequest(urns=[urn] * 50_000, include_dependency_closure=True)
    many_unknown = pb.BatchGetMetadataRequest(urns=[f"urn:smv:mod:no.such.M{i}" for i in range(50_000)])
    batch = f"/{pb.DESCRIPTOR.services_by_name['SmvDataSetRepository'].full_name}/BatchGetMetadata"
    assert _call(served, batch, many_known.SerializeToString())[0] == grpc.StatusCode.OK
    assert _call(served, batch, many_unknown.SerializeToString())[0] == grpc.StatusCode.NOT_FOUND
    _assert_still_serving(served)


def test_fuzzing_without_the_token_is_unauthenticated_for_every_rpc(served: Served) -> None:
    for method in METHODS:
        assert _call(served, path_of(method), b"", token="wrong")[0] == grpc.StatusCode.UNAUTHENTICATED


def test_a_run_without_its_dependencies_handles_is_invalid_argument_naming_them(served: Served) -> None:
    with RepositoryClient(served.address, served.token, deadline=30, run_deadline=60) as client:
        urn = next(u for u in served.known if u.startswith("urn:smv:mod:") and client.dependencies(u))
        with pytest.raises(RepositoryCallError) as info:
            client.get_data_frame(urn, {}, "run-fuzz")
    assert info.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert f"{urn} needs the results of" in info.value.message, info.value.message
