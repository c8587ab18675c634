"""The Python repository server's memory grows by a few KB per dataset it describes.

Measured on the real `smv-repository-server` process (metadata only) with a small app and
a 2,000-dataset app, in the same test, as a marginal cost per dataset: the issue's goal is
120 MB at 10,000 datasets (bin/bench line 7). Each module's syntax tree was once kept for
the life of the process (~16 KB per dataset in all); pyspark was imported by a server that
never runs anything (~20 MB).
"""
from __future__ import annotations

import sys
from pathlib import Path

from bench.app_generator import AppSpec, generate_app
from bench.server_memory import server_memory

SMALL, BIG = 10, 2_000
KB_PER_DATASET = 10.0


def test_memory_per_described_dataset_stays_small_and_pyspark_is_not_loaded(tmp_path: Path) -> None:
    small = server_memory(generate_app(tmp_path / "small", AppSpec(SMALL, per_file=20)))
    big = server_memory(generate_app(tmp_path / "big", AppSpec(BIG, per_file=20)))
    assert (small.datasets, big.datasets) == (SMALL + 1, BIG + 1)  # and the input
    per_dataset_kb = (big.described_mb - small.described_mb) * 1024 / (BIG - SMALL)
    assert per_dataset_kb <= KB_PER_DATASET, (small, big, per_dataset_kb)
    # the interpreter, grpc and smv without pyspark/numpy: about 45 MB on CPython 3.11
    assert small.described_mb < 60 + (10 if sys.version_info >= (3, 12) else 0), small
