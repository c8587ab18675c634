"""TLS: beyond loopback only with TLS or an explicit --insecure; the token is still required.

"Beyond loopback" is any host but 127.0.0.1, localhost and [::1]; the tests use 127.0.0.2
(a loopback address the rule treats like any other host) so nothing listens beyond
this machine. Certificates are made at run time (tests/security/certs.py).
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from smv.app.config import AppConfig
from smv.cli.smv_repo import main as repo_cli_main
from smv.cli.smv_repository_server import ADDRESS_LINE_PREFIX
from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.auth import TOKEN_ENV, bearer_metadata, new_token
from smv.transport.client import RepositoryClient
from smv.transport.proto import pb, pb_grpc
from smv.transport.server import RepositoryServer
from smv.transport.tls import ClientTls, ServerTls
from tests.repository.support import APPS, app_props, call_error
from tests.security.certs import Certs

SERVER_SCRIPT = Path(sys.executable).parent / "smv-repository-server"


@pytest.fixture(scope="module")
def shop() -> AppConfig:
    return app_props(APPS / "shop")


def _repository(shop: AppConfig) -> PythonDataSetRepository:
    return PythonDataSetRepository(shop.stages, str(shop.input_dir), None)


@pytest.fixture(scope="module")
def tls_server(shop: AppConfig, certs: Certs) -> Iterator[RepositoryServer]:
    tls = ServerTls(str(certs.server_cert), str(certs.server_key))
    with RepositoryServer(_repository(shop), address="127.0.0.2:0", tls=tls) as server:
        yield server


@pytest.fixture(scope="module")
def mtls_server(shop: AppConfig, certs: Certs) -> Iterator[RepositoryServer]:
    tls = ServerTls(str(certs.server_cert), str(certs.server_key), client_ca_file=str(certs.ca))
    with RepositoryServer(_repository(shop), address="127.0.0.1:0", tls=tls) as server:
        yield server


def test_a_tls_server_beyond_loopback_serves_clients_trusting_its_ca(tls_server: RepositoryServer,
                                                                     certs: Certs) -> None:
    assert tls_server.address.startswith("127.0.0.2:")
    with RepositoryClient(tls_server.address, tls_server.token, tls=ClientTls(str(certs.ca))) as client:
        assert "shop_report" in client.server_info().stages
        assert client.health() == "SERVING"


def test_tls_still_requires_the_token(tls_server: RepositoryServer, certs: Certs) -> None:
    with RepositoryClient(tls_server.address, "not-the-token", tls=ClientTls(str(certs.ca))) as client:
        error = call_error(client.list_data_sets)
    assert error.code == grpc.StatusCode.UNAUTHENTICATED and error.reason == "UNAUTHENTICATED"


def test_a_plaintext_client_on_a_tls_server_gets_a_clear_error(tls_server: RepositoryServer) -> None:
    with RepositoryClient(tls_server.address, tls_server.token, deadline=30, retry_for=0) as client:
        error = call_error(client.server_info)
    assert error.code == grpc.StatusCode.UNAVAILABLE
    assert tls_server.address in error.message and "uses TLS" in error.message and "--tls-ca" in error.message


def test_a_client_trusting_another_ca_is_refused(tls_server: RepositoryServer, certs: Certs) -> None:
    with RepositoryClient(tls_server.address, tls_server.token, deadline=30, retry_for=0,
                          tls=ClientTls(str(certs.other_ca))) as client:
        error = call_error(client.server_info)
    assert error.code == grpc.StatusCode.UNAVAILABLE


def test_mutual_tls_needs_a_client_certificate_signed_by_the_client_ca(mtls_server: RepositoryServer,
                                                                       certs: Certs) -> None:
    with RepositoryClient(mtls_server.address, mtls_server.token, deadline=30, retry_for=0,
                          tls=ClientTls(str(certs.ca))) as client:
        assert call_error(client.server_info).code == grpc.StatusCode.UNAVAILABLE
    tls = ClientTls(str(certs.ca), str(certs.client_cert), str(certs.client_key))
    with RepositoryClient(mtls_server.address, mtls_server.token, tls=tls) as client:
        assert client.list_data_sets("shop_report")


@pytest.mark.parametrize("address", ["0.0.0.0:0", "127.0.0.2:0", "[::]:0", "10.1.2.3:5000"])
def test_beyond_loopback_without_tls_is_refused_before_binding(shop: AppConfig, address: str) -> None:
    with pytest.raises(ValueError, match="needs TLS .*--tls-cert and --tls-key.*or --insecure"):
        RepositoryServer(_repository(shop), address=address)


def test_the_server_process_refuses_all_interfaces_without_tls(tmp_path: Path) -> None:
    result = subprocess.run([str(SERVER_SCRIPT), "--app-dir", str(APPS / "shop"), "--listen", "0.0.0.0:0"],
                            env={**os.environ, TOKEN_ENV: new_token()}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and result.stdout == ""
    assert "'0.0.0.0:0' is not local" in result.stderr and "needs TLS" in result.stderr


def _serve(args: list[str], token: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([str(SERVER_SCRIPT), "--app-dir", str(APPS / "shop"), *args],
                               env={**os.environ, TOKEN_ENV: token}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip() if process.stdout else ""
    if not line.startswith(ADDRESS_LINE_PREFIX):
        process.kill()
        raise AssertionError(f"server did not start: {line} {process.communicate()[1]}")
    return process, line[len(ADDRESS_LINE_PREFIX):]


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    return process.communicate(timeout=120)[1]


def test_smv_repo_talks_to_a_tls_server_process_with_the_ca(certs: Certs, monkeypatch: pytest.MonkeyPatch) -> None:
    token = new_token()
    process, address = _serve(["--listen", "127.0.0.2:0", "--tls-cert", str(certs.server_cert),
                               "--tls-key", str(certs.server_key), "--tls-client-ca", str(certs.ca)], token)
    try:
        monkeypatch.setenv(TOKEN_ENV, token)
        tls_args = ["--tls-ca", str(certs.ca), "--tls-cert", str(certs.client_cert), "--tls-key", str(certs.client_key)]
        out, err = io.StringIO(), io.StringIO()
        assert repo_cli_main(["--address", address, *tls_args, "list", "shop_report"], out, err) == 0
        assert "urn:smv:mod:shop_report." in out.getvalue()
        assert repo_cli_main(["--address", address, "--deadline", "5", "health"], out, err) == 1
        assert "uses TLS" in err.getvalue()
    finally:
        assert "with TLS" in _stop(process)


def test_insecure_beyond_loopback_warns_at_start_and_on_every_connection() -> None:
    token = new_token()
    process, address = _serve(["--listen", "127.0.0.2:0", "--insecure"], token)
    try:
        for _ in range(2):  # two channels, each its own connection (no shared subchannel)
            with grpc.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)]) as channel:
                stub = pb_grpc.SmvDataSetRepositoryStub(channel)
                for _ in range(3):
                    stub.ListDataSets(pb.ListDataSetsRequest(), metadata=bearer_metadata(token), timeout=60)
        # a peer that only streams (a health watch: no token needed) is a connection like any other
        with grpc.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)]) as channel:
            watch = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(), timeout=60)
            assert next(watch).status == health_pb2.HealthCheckResponse.SERVING
            watch.cancel()
    finally:
        log = _stop(process)
    assert log.count("INSECURE: serving plaintext on 127.0.0.2:") == 1
    assert log.count("INSECURE: plaintext connection from ipv4:127.0.0.") == 3, log


def test_a_file_that_is_not_a_certificate_or_key_is_named(certs: Certs) -> None:
    with pytest.raises(ValueError, match=f"the CA certificate {certs.server_key} is not a PEM certificate"):
        ClientTls(str(certs.server_key)).credentials()
    with pytest.raises(ValueError, match=f"the server private key {certs.ca} is not a PEM private key"):
        ServerTls(str(certs.ca), str(certs.ca)).credentials()
