"""TLS in the Scala server process (`smv.RepositoryServerMain --tls-cert/--tls-key/--tls-client-ca`),
as the Python server process has it: beyond loopback it serves clients trusting its CA (a client
certificate required with --tls-client-ca), and without TLS it refuses to listen there."""
from __future__ import annotations

import subprocess
from pathlib import Path

import grpc

from smv.transport.client import RepositoryClient
from smv.transport.tls import ClientTls
from tests.contract.conftest import STAGES, TOKEN, scala_server_command, serving, token_file  # noqa: F401 (a fixture)
from tests.repository.support import call_error
from tests.security.certs import Certs


def _command(tmp_path: Path, token_file: Path, *extra: str) -> list[str]:
    command = scala_server_command(tmp_path / "unused.sock", token_file, tmp_path / "address")
    listen = command.index("--listen")
    return [*command[: listen + 1], "127.0.0.2:0", *command[listen + 2:], *extra]


def test_the_scala_process_serves_mutual_tls_beyond_loopback(tmp_path: Path, token_file: Path, certs: Certs) -> None:
    command = _command(tmp_path, token_file, "--tls-cert", str(certs.server_cert), "--tls-key", str(certs.server_key),
                       "--tls-client-ca", str(certs.ca))
    client_tls = ClientTls(str(certs.ca), str(certs.client_cert), str(certs.client_key))
    with serving(command, tmp_path / "address", tmp_path / "server.log", tls=client_tls) as address:
        assert address.startswith("127.0.0.2:")
        with RepositoryClient(address, TOKEN, tls=client_tls) as client:
            assert tuple(client.server_info().stages) == STAGES
        with RepositoryClient(address, TOKEN, tls=ClientTls(str(certs.ca)), deadline=20, retry_for=0) as client:
            assert call_error(client.server_info).code == grpc.StatusCode.UNAVAILABLE  # no client certificate
        with RepositoryClient(address, TOKEN, deadline=20, retry_for=0) as client:
            error = call_error(client.server_info)  # plaintext
        assert error.code == grpc.StatusCode.UNAVAILABLE and "--tls-ca" in error.message


def test_the_scala_process_refuses_plaintext_beyond_loopback_and_half_tls(tmp_path: Path, token_file: Path,
                                                                          certs: Certs) -> None:
    for extra, why in (((), "--listen 127.0.0.2:0: cannot listen on 127.0.0.2:0: it is not local"),
                       (("--tls-cert", str(certs.server_cert)), "TLS needs both --tls-cert and --tls-key"),
                       (("--tls-cert", str(certs.server_cert), "--tls-key", str(tmp_path / "nokey.pem")),
                        f"cannot read the server private key {tmp_path / 'nokey.pem'}")):
        result = subprocess.run(_command(tmp_path, token_file, *extra), capture_output=True, text=True, timeout=300)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"smv.RepositoryServerMain: {why}"), result.stderr
