"""The conformance suite passes against every implementation, each serving its half of the
fixture app cfix: the Python server in-process (with Spark: runs), as a separate process
(metadata only), and the Scala server as a separate JVM process (metadata only) and in the
driver's JVM (with Spark: runs); hashes of the same code stay the same across processes and
restarts."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from smv.contract import FIXTURES, run_suite
from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.client import RepositoryClient
from smv.transport.server import RepositoryServer
from tests.contract.conftest import (CONTRACT_PYTHON, STAGES, python_server_command, run_suite_cli,
                                     scala_server_command, serving)

CFIX = FIXTURES["cfix"]


@pytest.fixture
def contract_code(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(CONTRACT_PYTHON))
    yield


def in_process_hashes() -> dict[str, list[str]]:
    """The hashes the Python repository gives the fixture's code in this process."""
    repository = PythonDataSetRepository(STAGES)
    return {m.urn: [m.hash, m.hash_with_super_class] for m in repository.metadata(repository.list_data_sets())}


def assert_all_passed(junit: Path, skipped: set[str] = frozenset()) -> ET.Element:
    suite = ET.parse(junit).getroot()
    assert suite.get("name") == "smv.contract"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert len(cases) == int(suite.get("tests", "0")) >= 25
    broken = {name: ET.tostring(case, encoding="unicode") for name, case in cases.items()
              if case.find("failure") is not None or case.find("error") is not None}
    assert not broken, broken
    assert {n for n, c in cases.items() if c.find("skipped") is not None} == skipped
    return suite


def release_contract_runs(spark: SparkSession) -> None:
    """The suite runs datasets by handle outside any SmvApp run, so no run end releases them: do it here."""
    handles = spark._jvm.smv.driver.DataFrameHandles  # type: ignore[attr-defined]
    for run_id in handles.runIds():
        if run_id.startswith("contract-"):
            handles.releaseRun(run_id)


def test_python_server_in_process_with_spark(spark: SparkSession, contract_code: None) -> None:
    repository = PythonDataSetRepository(STAGES, spark=spark)
    with RepositoryServer(repository) as server, RepositoryClient(server.address, server.token) as client:
        capabilities = client.server_info().capabilities
        try:
            outcomes, hashes = run_suite(server.address, server.token, CFIX, expected_hashes=in_process_hashes())
        finally:
            release_contract_runs(spark)
    failed = [o.failure_text() for o in outcomes if o.status != "pass"]
    assert not failed, "\n".join(failed)
    # With Spark the run rule really ran datasets by handle, not the refusal branch.
    assert {"run", "rerun"} <= set(capabilities)
    assert {"runs.capability", "hashes.same-across-processes"} <= {o.rule for o in outcomes}
    assert sorted(hashes) == CFIX.urns


def test_scala_server_in_the_driver_jvm_with_spark(spark: SparkSession, tmp_path: Path) -> None:
    """The Scala RepositoryServer in the session's JVM (with Spark: the run rules run Scala code by handle)."""
    jvm = spark._jvm  # type: ignore[attr-defined]
    repository = jvm.smv.repository.ScalaDataSetRepository.create(list(STAGES), str(tmp_path))
    server = jvm.smv.grpc.RepositoryServer.start(repository, f"unix:{tmp_path / 'scala.sock'}", "in-jvm-token")
    try:
        outcomes, _ = run_suite(server.target(), "in-jvm-token", CFIX)
        with RepositoryClient(server.target(), "in-jvm-token") as client:
            capabilities = client.server_info().capabilities
    finally:
        server.close()
        release_contract_runs(spark)
    failed = [o.failure_text() for o in outcomes if o.status != "pass" and o.rule != "hashes.same-across-processes"]
    assert not failed, "\n".join(failed)
    assert {"run", "rerun"} <= set(capabilities)


def test_python_server_process_and_restart(tmp_path: Path, token_file: Path, contract_code: None) -> None:
    expected = tmp_path / "in-process-hashes.json"
    expected.write_text(json.dumps(in_process_hashes()))
    command = python_server_command(tmp_path / "py.sock", token_file, tmp_path / "address")
    for attempt in ("first", "restarted"):
        with serving(command, tmp_path / "address", tmp_path / f"{attempt}.log") as target:
            junit = tmp_path / f"{attempt}.xml"
            result = run_suite_cli(target, token_file, "--junit", str(junit), "--expect-hashes", str(expected))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 failed, 1 skipped" in result.stdout
        assert_all_passed(junit, skipped={"runs.run-id-required"})  # metadata only: nothing runs


def test_scala_server_jvm_process_and_restart(tmp_path: Path, token_file: Path) -> None:
    command = scala_server_command(tmp_path / "scala.sock", token_file, tmp_path / "address")
    hashes = tmp_path / "hashes.json"
    with serving(command, tmp_path / "address", tmp_path / "first.log") as target:
        result = run_suite_cli(target, token_file, "--junit", str(tmp_path / "first.xml"), "--hashes-out", str(hashes))
    assert result.returncode == 0, result.stdout + result.stderr
    assert_all_passed(tmp_path / "first.xml", skipped={"hashes.same-across-processes", "runs.run-id-required"})
    assert sorted(json.loads(hashes.read_text())) == CFIX.urns
    with serving(command, tmp_path / "address", tmp_path / "restarted.log") as target:
        result = run_suite_cli(target, token_file, "--rule", "hashes.", "--rule", "info.",
                               "--expect-hashes", str(hashes))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hashes.same-across-processes  pass" in result.stdout
    assert not (tmp_path / "scala.sock").exists(), "SIGTERM stops the JVM server and removes its socket"
