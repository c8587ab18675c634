"""Resident memory of the Python repository server with an app's datasets discovered.

The server runs as its own process (`smv-repository-server`, metadata only, as tools and
other languages start it): its resident set after it listed and described every dataset
is what a catalog costs on top of the interpreter, grpc and the smv package.

    .venv/bin/python -m bench.server_memory APP_DIR

prints {"datasets": N, "started_mb": ..., "described_mb": ...}.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

SERVER = Path(sys.executable).with_name("smv-repository-server")


@dataclass(frozen=True)
class ServerMemory:
    """Resident set (MB) of a server process just started, and after describing `datasets`."""

    datasets: int
    started_mb: float
    described_mb: float


def resident_mb(pid: int) -> float:
    """VmRSS of process `pid`, in MB (2^20 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS in /proc/{pid}/status")


def server_memory(app: Path, deadline: float = 600.0) -> ServerMemory:
    """Starts a metadata-only server on `app`, has it list and describe every dataset (the
    whole closure, as a run's metadata asks), and measures its resident set; stops it."""
    from smv.cli.smv_repository_server import ADDRESS_LINE_PREFIX
    from smv.transport.auth import TOKEN_ENV, new_token
    from smv.transport.client import RepositoryClient

    token = new_token()
    process = subprocess.Popen([str(SERVER), "--app-dir", str(app), "--stop-on-stdin-eof"],
                               env={**os.environ, TOKEN_ENV: token}, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()  # the server's own start-up line: its event
        if not line.startswith(ADDRESS_LINE_PREFIX):
            raise RuntimeError(f"smv-repository-server on {app} did not start: {line!r}")
        started = resident_mb(process.pid)
        with RepositoryClient(line[len(ADDRESS_LINE_PREFIX):], token, deadline=deadline) as client:
            urns = client.list_data_sets()
            client.metadata(urns, include_dependency_closure=True)
        return ServerMemory(len(urns), started, resident_mb(process.pid))
    finally:
        process.terminate()
        process.wait(timeout=60)


def main() -> int:
    print(json.dumps(asdict(server_memory(Path(sys.argv[1])))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
