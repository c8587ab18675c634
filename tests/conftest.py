"""One SparkSession (with the real SMV jar) for the whole test session."""
from __future__ import annotations

from typing import Iterator

import pytest
from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    from smv.session import create_spark_session

    session = create_spark_session("smv-tests")
    yield session
    session.stop()
