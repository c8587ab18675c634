"""`smv-repository-server` as its own process: metadata-only, no Spark, no JVM."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest

from tests.repository.support import APPS, call_error, mod
from smv.cli.smv_repository_server import ADDRESS_LINE_PREFIX
from smv.transport.auth import new_token
from smv.transport.auth import TOKEN_ENV
from smv.transport.client import RepositoryClient

SERVER_SCRIPT = Path(sys.executable).parent / "smv-repository-server"
POSITIVE = mod("shop_raw.modules.Positive")


@dataclass(frozen=True)
class ServerProcess:
    process: subprocess.Popen[str]
    address: str
    token: str


@pytest.fixture(scope="module")
def server_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    token = new_token()
    address_file = tmp_path_factory.mktemp("server") / "address"
    process = subprocess.Popen([str(SERVER_SCRIPT), "--app-dir", str(APPS / "shop"), "--address-file",
                                str(address_file)], env={**os.environ, TOKEN_ENV: token},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip() if process.stdout else ""
        assert line.startswith(ADDRESS_LINE_PREFIX), (line, process.stderr.read() if process.stderr else "")
        address = line[len(ADDRESS_LINE_PREFIX):]
        assert address_file.read_text().strip() == address
        yield ServerProcess(process, address, token)
    finally:
        process.terminate()
        process.wait(timeout=120)


@pytest.fixture
def client(server_process: ServerProcess) -> Iterator[RepositoryClient]:
    with RepositoryClient(server_process.address, server_process.token, deadline=60) as c:
        yield c


def test_metadata_only_server_answers_metadata(client: RepositoryClient) -> None:
    info = client.server_info()
    assert list(info.stages) == ["shop_raw", "shop_report"] and "run" not in info.capabilities
    assert POSITIVE in client.list_data_sets()
    (positive,) = client.metadata([POSITIVE])
    assert positive.dqm.rules[0].name == "not_huge" and positive.hash == client.dataset_hash(POSITIVE)
    assert client.health() == "SERVING"


@pytest.mark.parametrize("rpc", ["get_data_frame", "rerun"])
def test_running_without_spark_is_failed_precondition_saying_so(client: RepositoryClient, rpc: str) -> None:
    error = call_error(getattr(client, rpc), POSITIVE, {}, "run-1")
    assert error.code == grpc.StatusCode.FAILED_PRECONDITION and error.reason == "SPARK_REQUIRED"
    assert "needs Spark" in error.message and "metadata only" in error.message
    assert client.server_info().stages


def test_metadata_only_process_starts_no_jvm(server_process: ServerProcess, client: RepositoryClient) -> None:
    client.metadata(client.list_data_sets("shop_report"), include_dependency_closure=True)
    children = subprocess.run(["ps", "--ppid", str(server_process.process.pid), "-o", "comm="],
                              capture_output=True, text=True).stdout.split()
    assert children == []
    maps = Path(f"/proc/{server_process.process.pid}/maps").read_text()
    assert "libjvm" not in maps


def test_without_a_token_the_server_refuses_to_start() -> None:
    env = {k: v for k, v in os.environ.items() if k != TOKEN_ENV}
    done = subprocess.run([str(SERVER_SCRIPT), "--app-dir", str(APPS / "shop")], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 2 and TOKEN_ENV in done.stderr


def test_token_from_a_file_and_clean_exit_on_sigterm(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(new_token() + "\n")
    process = subprocess.Popen([str(SERVER_SCRIPT), "--app-dir", str(APPS / "shop"), "--token-file",
                                str(token_file), "--listen", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip() if process.stdout else ""
        address = line[len(ADDRESS_LINE_PREFIX):]
        assert address.startswith("127.0.0.1:")
        with RepositoryClient(address, token_file.read_text().strip()) as client:
            assert client.has_data_set(POSITIVE)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) == 0
    finally:
        process.kill()
        process.wait(timeout=120)


def smv_repo(server: ServerProcess, *args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    """The smv-repo command against the server process, as a shell user runs it."""
    env = {**os.environ, TOKEN_ENV: server.token if token is None else token}
    return subprocess.run([str(SERVER_SCRIPT.with_name("smv-repo")), "--address", server.address, *args],
                          env=env, capture_output=True, text=True, timeout=300)


def test_smv_repo_queries_a_running_server(server_process: ServerProcess) -> None:
    info = json.loads(smv_repo(server_process, "info").stdout)
    assert info["protocolVersion"].startswith("1.") and info["stages"] == ["shop_raw", "shop_report"]
    assert POSITIVE in smv_repo(server_process, "list", "shop_raw").stdout.splitlines()
    assert smv_repo(server_process, "health").stdout.strip() == "SERVING"
    found = json.loads(smv_repo(server_process, "metadata", POSITIVE).stdout)
    assert [m["urn"] for m in found] == [POSITIVE] and found[0]["dqm"]["rules"][0]["name"] == "not_huge"


def test_smv_repo_reports_a_failed_call_in_one_line(server_process: ServerProcess) -> None:
    bad = smv_repo(server_process, "metadata", "shop_raw.modules.Positive")
    assert bad.returncode == 1
    assert bad.stderr.startswith("smv-repo: INVALID_ARGUMENT (MALFORMED_URN): ") and len(bad.stderr.splitlines()) == 1
    denied = smv_repo(server_process, "list", token="wrong")
    assert denied.returncode == 1 and denied.stderr.startswith("smv-repo: UNAUTHENTICATED")


def test_an_address_file_that_cannot_be_written_is_one_line_and_leaves_no_socket(tmp_path: Path) -> None:
    socket_path = tmp_path / "repository.sock"
    done = subprocess.run([str(SERVER_SCRIPT), "--app-dir", str(APPS / "shop"), "--listen", f"unix:{socket_path}",
                           "--address-file", str(tmp_path / "no-such-dir" / "address")],
                          env={**os.environ, TOKEN_ENV: new_token()}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"smv-repository-server: cannot serve on unix:{socket_path}: ") and "no-such-dir" in last
    assert "Traceback" not in done.stderr and not socket_path.exists()


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([str(SERVER_SCRIPT), "--app-dir", str(APPS / "shop"), "--listen", f"127.0.0.1:{port}"],
                              env={**os.environ, TOKEN_ENV: new_token()}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith(f"smv-repository-server: cannot serve on 127.0.0.1:{port}: ")
    assert "Traceback" not in done.stderr
