"""Bounded load on loopback: 8 concurrent clients x 10,000 metadata calls against one
repository server process. Asserts zero errors and flat server memory (resident set after
the load within 10% of after warm-up); prints p50/p99 latencies, asserts no time."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smv.cli.smv_repository_server import ADDRESS_LINE_PREFIX
from smv.transport.auth import TOKEN_ENV, new_token
from smv.transport.client import RepositoryClient
from tests.repository.support import APPS

SERVER_SCRIPT = Path(sys.executable).parent / "smv-repository-server"
CLIENTS, CALLS, WARM_UP = 8, 10_000, 1_000


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for process {pid}")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, str, str]]:
    token = new_token()
    process = subprocess.Popen([str(SERVER_SCRIPT), "--app-dir", str(APPS / "shop"), "--listen", "127.0.0.1:0"],
                               env={**os.environ, TOKEN_ENV: token}, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline().strip() if process.stdout else ""
        assert line.startswith(ADDRESS_LINE_PREFIX), line
        yield process.pid, line[len(ADDRESS_LINE_PREFIX):], token
    finally:
        process.terminate()
        process.wait(timeout=120)


def _calls(client: RepositoryClient) -> list[Callable[[], object]]:
    urns = client.list_data_sets("shop_report")  # shop_raw holds deliberately broken datasets
    return [lambda: client.has_data_set(urns[0]), lambda: client.dataset_hash(urns[1], True),
            lambda: client.dependencies(urns[-1]), lambda: client.list_data_sets("shop_report"),
            lambda: client.metadata(urns, include_dependency_closure=True), lambda: client.dqm_policy(urns[0]),
            lambda: client.is_ephemeral(urns[-1]), lambda: client.output_modules("shop_report")]


def _load(address: str, token: str, calls_per_client: int) -> tuple[list[float], list[BaseException]]:
    """Every client thread's call latencies (s) and errors."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client_loop() -> None:
        mine: list[float] = []
        with RepositoryClient(address, token, deadline=30, retry_for=0) as client:
            calls = _calls(client)
            start.wait()
            for i in range(calls_per_client):
                began = time.perf_counter()
                try:
                    calls[i % len(calls)]()
                except Exception as exc:  # noqa: BLE001 - counted: the test asserts there are none
                    with lock:
                        errors.append(exc)
                mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client_loop) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def test_eight_clients_ten_thousand_calls_each_no_errors_flat_memory(
        server: tuple[int, str, str], capsys: pytest.CaptureFixture[str]) -> None:
    pid, address, token = server
    _, warm_errors = _load(address, token, WARM_UP)
    assert warm_errors == []
    rss_warm = _rss_kib(pid)
    began = time.perf_counter()
    latencies, errors = _load(address, token, CALLS)
    seconds = time.perf_counter() - began
    rss_after = _rss_kib(pid)
    p50 = statistics.median(latencies) * 1e3
    p99 = statistics.quantiles(latencies, n=100)[98] * 1e3
    with capsys.disabled():
        print(f"\nload: {CLIENTS} clients x {CALLS} metadata calls = {len(latencies)} calls in {seconds:.1f}s "
              f"({len(latencies) / seconds:.0f}/s), errors {len(errors)}, p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
              f"server RSS after warm-up {rss_warm / 1024:.1f} MiB, after load {rss_after / 1024:.1f} MiB "
              f"({(rss_after - rss_warm) / rss_warm:+.1%})")
    assert len(latencies) == CLIENTS * CALLS
    assert errors == [], errors[:3]
    assert rss_after <= rss_warm * 1.10, f"server memory grew from {rss_warm} KiB to {rss_after} KiB"
