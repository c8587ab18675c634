"""Servers of the contract fixture app (cfix) for the conformance suite: the Python half in a
thread or as a process, the Scala half as a JVM process; each stopped by the test that started it."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyspark
import pytest
from grpc_health.v1 import health_pb2

from smv.contract.wire import Wire
from smv.repository.errors import RepositoryCallError
from smv.transport.client import RepositoryClient
from smv.transport.tls import ClientTls

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_APP = ROOT / "tests" / "fixtures" / "apps" / "contract"
CONTRACT_PYTHON = CONTRACT_APP / "src" / "main" / "python"
STAGES = ("cfix.ingest", "cfix.report")
ASSEMBLY_JAR = ROOT / "target" / "scala-2.13" / "smv-assembly.jar"
FIXTURES_JAR = ROOT / "target" / "scala-2.13" / "smv-fixtures.jar"
TOKEN = "contract-suite-token"


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    path.chmod(0o600)
    return path


def python_server_command(socket: Path, token_file: Path, address_file: Path) -> list[str]:
    return [sys.executable, "-m", "smv.cli.smv_repository_server", "--app-dir", str(CONTRACT_APP),
            "--listen", f"unix:{socket}", "--token-file", str(token_file), "--address-file", str(address_file)]


def scala_server_command(socket: Path, token_file: Path, address_file: Path) -> list[str]:
    for jar in (ASSEMBLY_JAR, FIXTURES_JAR):
        if not jar.is_file():
            pytest.fail(f"{jar} is missing: build it with 'bin/sbt jars'")
    classpath = os.pathsep.join([str(ASSEMBLY_JAR), str(FIXTURES_JAR), str(Path(pyspark.__file__).parent / "jars" / "*")])
    return ["java", "-cp", classpath, "smv.RepositoryServerMain", "--stages", ",".join(STAGES),
            "--listen", f"unix:{socket}", "--token-file", str(token_file), "--address-file", str(address_file)]


@contextlib.contextmanager
def serving(command: Sequence[str], address_file: Path, log: Path, timeout: float = 180.0,
            tls: ClientTls | None = None) -> Iterator[str]:
    """Runs a server process until the block ends (SIGTERM, then SIGKILL); yields its address
    once health answers SERVING (through TLS trusting `tls`, when given)."""
    address_file.unlink(missing_ok=True)
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + timeout
        while not address_file.exists():
            if process.poll() is not None:
                pytest.fail(f"{command[0]} server exited with {process.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"{command[0]} server did not serve within {timeout}s:\n{log.read_text()}")
            time.sleep(0.1)
        address = address_file.read_text().strip()
        _wait_until_serving(address, process, log, deadline, tls)
        yield address
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _wait_until_serving(address: str, process: subprocess.Popen[bytes], log: Path, deadline: float,
                        tls: ClientTls | None) -> None:
    """Health SERVING (a just-started JVM on a busy machine may take a while to answer)."""
    if tls is not None:
        _wait_until_serving_tls(address, process, log, deadline, tls)
        return
    wire = Wire(address, TOKEN, deadline=30.0)
    try:
        while True:
            reply = wire.health("")
            if reply.ok and reply.response.status == health_pb2.HealthCheckResponse.SERVING:
                return
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server at {address} is not SERVING ({reply.describe()}):\n{log.read_text()}")
            time.sleep(0.2)
    finally:
        wire.close()


def _wait_until_serving_tls(address: str, process: subprocess.Popen[bytes], log: Path, deadline: float,
                            tls: ClientTls) -> None:
    with RepositoryClient(address, TOKEN, deadline=30.0, retry_for=0, tls=tls) as client:
        while True:
            try:
                if client.health() == "SERVING":
                    return
                why = "not SERVING"
            except RepositoryCallError as exc:
                why = str(exc)
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server at {address} is not SERVING ({why}):\n{log.read_text()}")
            time.sleep(0.2)


def run_suite_cli(target: str, token_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m smv.contract` against `target` for fixture cfix, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "smv.contract", "--target", target, "--token-file", str(token_file),
                           "--fixture", "cfix", *args], capture_output=True, text=True, timeout=300, cwd=ROOT)
