"""Describing a catalog with Spark costs as many py4j round trips for 1,000 datasets as for 10.

Every dataset instance sees data files through Hadoop in the driver JVM (smv.app.locations);
finding that JVM class by name costs 3 py4j round trips (each a class lookup scanning Spark's
classpath), and was once paid per instance: describing 10,000 datasets made 30,000 round trips,
~17 s of `smv-run --dry-run` of a 10,000-dataset app at load 8. The class is now looked up once
per JVM (smv.spark.jvm.jvm_class); this keeps it so.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from bench.app_generator import AppSpec, generate_app
from smv.repository.python_repository import PythonDataSetRepository


def _described_with_spark(spark: SparkSession, app_root: Path, n: int, monkeypatch: pytest.MonkeyPatch,
                          sent: list[str]) -> int:
    """The py4j calls discovering and describing an `n`-dataset app took."""
    spec = AppSpec(n, per_file=20)
    app = generate_app(app_root, spec)
    with monkeypatch.context() as patch:
        patch.syspath_prepend(str(app / "src" / "main" / "python"))
        repository = PythonDataSetRepository(["benchapp"], str(app / "data" / "input"), spark)
        start = len(sent)
        repository.discover_ahead()
        calls = len(sent) - start
        assert repository.list_data_sets() == sorted(spec.urns())
    return calls


def test_describing_1000_datasets_takes_as_many_py4j_calls_as_10(
        spark: SparkSession, py4j_calls: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = _described_with_spark(spark, tmp_path / "small", 10, monkeypatch, py4j_calls)
    big = _described_with_spark(spark, tmp_path / "big", 1000, monkeypatch, py4j_calls)
    # py4j may also send a release of a collected proxy now and then: a call or two either way
    assert big <= small + 2 and small < 10, (small, big)
