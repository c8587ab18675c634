"""Latency of single calls: percentiles, and a Python client measured in its own process.

The Python client runs in a separate process, as the JVM does, so neither client shares
the server's interpreter (and its GIL) while it is measured.

    SMV_REPOSITORY_TOKEN=... .venv/bin/python -m bench.call_latency TARGET URN CALLS WARMUP

prints {"dependencies": {...}, "health": {...}} with p50/p90/p99/mean in microseconds.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Latency:
    """Percentiles of one kind of call, in microseconds."""

    p50: float
    p90: float
    p99: float
    mean: float

    @staticmethod
    def of(micros: list[float]) -> Latency:
        ordered = sorted(micros)
        n = len(ordered)
        return Latency(ordered[n // 2], ordered[int(0.9 * n)], ordered[min(n - 1, int(0.99 * n))], sum(ordered) / n)


def measure(call: Callable[[], Any], calls: int, warmup: int) -> Latency:
    """`call` run `warmup` times, then timed `calls` times."""
    for _ in range(warmup):
        call()
    micros = []
    for _ in range(calls):
        start = time.perf_counter_ns()
        call()
        micros.append((time.perf_counter_ns() - start) / 1e3)
    return Latency.of(micros)


def python_client_latency(target: str, token: str, urn: str, calls: int, warmup: int) -> dict[str, Latency]:
    """dependencies(urn) and a bare health check from a Python client in a child process."""
    out = subprocess.run([sys.executable, "-m", "bench.call_latency", target, urn, str(calls), str(warmup)],
                         cwd=ROOT, env={**os.environ, "SMV_REPOSITORY_TOKEN": token},
                         capture_output=True, text=True, timeout=600, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"the Python client process failed ({out.returncode}): {out.stderr[-2000:]}")
    return {name: Latency(**values) for name, values in json.loads(out.stdout).items()}


def main(argv: list[str]) -> int:
    from smv.transport.client import RepositoryClient

    target, urn, calls, warmup = argv[0], argv[1], int(argv[2]), int(argv[3])
    with RepositoryClient(target, os.environ["SMV_REPOSITORY_TOKEN"]) as client:
        result = {"dependencies": measure(lambda: client.dependencies(urn), calls, warmup),
                  "health": measure(client.health, calls, warmup)}
    print(json.dumps({name: asdict(latency) for name, latency in result.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
