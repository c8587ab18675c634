"""Bearer token on every call but health; reflection; Unix socket or TCP on loopback only."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from tests.repository.support import call_error
from smv.app.config import AppConfig
from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.auth import bearer_metadata
from smv.transport.client import RepositoryClient
from smv.transport.proto import SERVICE_NAME, pb, pb_grpc
from smv.transport.server import RepositoryServer


@pytest.mark.parametrize("metadata", [(), (("authorization", "Bearer wrong"),), (("authorization", "wrong"),)])
def test_calls_without_the_session_token_are_unauthenticated(
        metadata_server: RepositoryServer, metadata: tuple[tuple[str, str], ...]) -> None:
    with grpc.insecure_channel(metadata_server.address) as channel:
        stub = pb_grpc.SmvDataSetRepositoryStub(channel)
        with pytest.raises(grpc.RpcError) as info:
            stub.ListDataSets(pb.ListDataSetsRequest(), metadata=metadata, timeout=60)
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert "Bearer" in info.value.details()
        # the right token still works on the same channel: the server kept serving
        assert stub.ListDataSets(pb.ListDataSetsRequest(), metadata=bearer_metadata(metadata_server.token),
                                 timeout=60).urns


def test_client_with_a_wrong_token_gets_unauthenticated_with_a_reason(metadata_server: RepositoryServer) -> None:
    with RepositoryClient(metadata_server.address, "not-the-token") as client:
        error = call_error(client.server_info)
        assert error.code == grpc.StatusCode.UNAUTHENTICATED and error.reason == "UNAUTHENTICATED"


def test_health_needs_no_token(metadata_server: RepositoryServer) -> None:
    with grpc.insecure_channel(metadata_server.address) as channel:
        response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=60)
        assert response.status == health_pb2.HealthCheckResponse.SERVING


def _list_services(channel: grpc.Channel, metadata: tuple[tuple[str, str], ...]) -> list[str]:
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    (response,) = list(stub.ServerReflectionInfo(iter([request]), metadata=metadata, timeout=60))
    return [s.name for s in response.list_services_response.service]


def test_reflection_lists_the_services_and_needs_the_token(metadata_server: RepositoryServer) -> None:
    with grpc.insecure_channel(metadata_server.address) as channel:
        with pytest.raises(grpc.RpcError) as info:
            _list_services(channel, ())
        assert info.value.code() == grpc.StatusCode.UNAUTHENTICATED
        services = _list_services(channel, bearer_metadata(metadata_server.token))
    assert {SERVICE_NAME, "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"} <= set(services)


def test_tcp_on_loopback_with_a_chosen_port(shop: AppConfig) -> None:
    repository = PythonDataSetRepository(shop.stages, str(shop.input_dir), None)
    with RepositoryServer(repository, address="127.0.0.1:0") as server:
        host, port = server.address.rsplit(":", 1)
        assert host == "127.0.0.1" and int(port) > 0
        with RepositoryClient(server.address, server.token) as client:
            assert client.list_data_sets("shop_report")


@pytest.mark.parametrize("address", ["0.0.0.0:0", "10.1.2.3:5000", "[::]:0", "example.com:80", "unix:"])
def test_non_local_addresses_are_refused(shop: AppConfig, address: str) -> None:
    repository = PythonDataSetRepository(shop.stages, str(shop.input_dir), None)
    with pytest.raises(ValueError, match="local|socket path"):
        RepositoryServer(repository, address=address)


def test_the_default_socket_folder_is_private_and_removed_on_stop(shop: AppConfig) -> None:
    server = RepositoryServer(PythonDataSetRepository(shop.stages, str(shop.input_dir), None)).start()
    folder = Path(server.address[len("unix:"):]).parent
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    server.stop()
    assert not folder.exists()
