"""One SparkSession (with the real SMV jar and the Scala fixture modules) for the whole test session."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
from pyspark.sql import SparkSession

ROOT = Path(__file__).resolve().parents[1]
FIXTURES_JAR = ROOT / "target" / "scala-2.13" / "smv-fixtures.jar"
# The Scala modules of the SMV 2.2-style app (tests/fixtures/apps/smv22).
SMV22_APP_JAR = ROOT / "target" / "scala-2.13" / "smv22-app.jar"


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    from smv.spark.session import create_spark_session

    for jar in (FIXTURES_JAR, SMV22_APP_JAR):
        if not jar.is_file():
            pytest.fail(f"the Scala fixture modules are missing at {jar}: build them with 'bin/sbt jars'")
    session = create_spark_session("smv-tests", extra_jars=[str(FIXTURES_JAR), str(SMV22_APP_JAR)])
    yield session
    session.stop()


_PY4J_RELEASE = "m\nd\n"  # py4j's memory command, delete subcommand (py4j.protocol)


@pytest.fixture
def py4j_calls(spark: SparkSession, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The py4j commands this process sends while the test runs (to count round trips), but for
    the releases of collected proxies py4j sends whenever Python's garbage collector runs (when
    the tests before left many proxies behind, dozens of them: not calls of the code under test)."""
    client = spark.sparkContext._gateway._gateway_client  # type: ignore[union-attr]
    sent: list[str] = []
    original = client.send_command

    def counted(command: str, *args: Any, **kwargs: Any) -> Any:
        if not command.startswith(_PY4J_RELEASE):
            sent.append(command)
        return original(command, *args, **kwargs)

    monkeypatch.setattr(client, "send_command", counted)
    yield sent
