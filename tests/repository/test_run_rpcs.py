"""GetDataFrame through a real server with the shared SparkSession: handles in, handles out."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import grpc
import pytest
from pyspark.sql import SparkSession

from tests.repository.support import call_error, link, mod
from smv.spark import jvm
from smv.transport.client import RepositoryClient
from smv.transport.server import RepositoryServer

ACCOUNTS, RATES = mod("shop_raw.inputs.Accounts"), mod("shop_raw.inputs.Rates")
POSITIVE, SCALED = mod("shop_raw.modules.Positive"), mod("shop_raw.modules.Scaled")
REPORT, SUMMARY = mod("shop_report.report.Report"), mod("shop_report.report.Summary")
MARKER = "ROW-DATA-MARKER"


class WireRecorder(grpc.UnaryUnaryClientInterceptor):
    """Keeps the serialized bytes of every request and response the client exchanges."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    def intercept_unary_unary(self, continuation: Callable[..., Any], client_call_details: Any, request: Any) -> Any:
        self.messages.append(request.SerializeToString())
        outcome = continuation(client_call_details, request)
        if outcome.exception() is None:
            self.messages.append(outcome.result().SerializeToString())
        return outcome


@pytest.fixture
def run_id(spark: SparkSession) -> Iterator[str]:
    """A fresh run whose handles are all released (and checked gone) afterwards."""
    before = jvm.handle_count(spark)
    rid = f"test-run-{uuid.uuid4()}"
    yield rid
    jvm.release_run(spark, rid)
    # made-up run ids of other tests may have expired meanwhile (the registry keeps the newest eight)
    assert jvm.handle_count(spark) <= before and rid not in list(jvm.jvm_of(spark).smv.driver.DataFrameHandles.runIds())


def accounts_frame(spark: SparkSession, rows: int = 3) -> Any:
    data = [(f"a{n}-{MARKER}", float(n % 3) - 0.5, None) for n in range(rows)]
    return spark.createDataFrame(data, "id string, balance double, opened date")


def result_rows(spark: SparkSession, handle: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in jvm.dataframe_from_handle(spark, handle).collect())


def test_csv_file_input_leaves_out_and_counts_records_that_fail_to_parse(
        spark: SparkSession, run_client: RepositoryClient, run_id: str) -> None:
    response = run_client.get_data_frame(ACCOUNTS, {}, run_id)
    df = jvm.dataframe_from_handle(spark, response.result.id)
    assert df.columns == ["id", "balance", "opened"]
    assert [r.id for r in df.orderBy("id").collect()] == ["a1", "a3", "a5"]
    assert df.select("id").count() == 3  # the verdict does not depend on the columns selected
    assert response.parser_error_count == 2
    assert sorted(response.parser_error_samples) == ["a2,oops,2020-01-02", "a4,7.25,not-a-date"]


def test_csv_string_input(spark: SparkSession, run_client: RepositoryClient, run_id: str) -> None:
    response = run_client.get_data_frame(RATES, {}, run_id)
    assert result_rows(spark, response.result.id) == [("EUR", 1.1), ("USD", 1.0)]
    assert (response.parser_error_count, list(response.parser_error_samples)) == (1, ["XXX,not-a-rate"])


def test_module_runs_on_its_dependency_handle_and_only_handles_cross_the_wire(
        spark: SparkSession, spark_server: RepositoryServer, run_id: str) -> None:
    recorder = WireRecorder()
    accounts = jvm.register_dataframe(spark, run_id, accounts_frame(spark, rows=3000))
    with RepositoryClient(spark_server.address, spark_server.token, interceptors=[recorder]) as client:
        response = client.get_data_frame(POSITIVE, {ACCOUNTS: accounts}, run_id)
    df = jvm.dataframe_from_handle(spark, response.result.id)
    assert df.count() == 2000 and df.where("balance <= 0").count() == 0
    assert response.parser_error_count == 0
    assert len(recorder.messages) == 2
    assert all(len(m) < 300 and MARKER.encode() not in m for m in recorder.messages)


def test_run_config_is_readable_by_modules_with_or_without_the_smv_config_prefix(
        spark: SparkSession, run_client: RepositoryClient, run_id: str) -> None:
    positive = jvm.register_dataframe(spark, run_id, spark.createDataFrame([("a", 2.0)], "id string, balance double"))
    for config, expected in (({}, 2.0), ({"factor": "10"}, 20.0), ({"smv.config.factor": "3"}, 6.0)):
        response = run_client.get_data_frame(SCALED, {POSITIVE: positive}, run_id, config)
        assert result_rows(spark, response.result.id) == [("a", expected)]


def test_links_and_ext_datasets_are_looked_up_by_the_urns_the_module_declared(
        spark: SparkSession, run_client: RepositoryClient, run_id: str) -> None:
    def register(ddl: str, rows: list[tuple[Any, ...]]) -> str:
        return jvm.register_dataframe(spark, run_id, spark.createDataFrame(rows, ddl))

    dependencies = {link("shop_raw.modules.Positive"): register("id string, balance double", [("a", 1.0)]),
                    mod("com.acme.scala.Rates"): register("currency string, rate double", [("USD", 1.0)]),
                    link("com.acme.scala.Out"): register("label string", [("scala",)]),
                    SUMMARY: register("count long", [(1,)])}
    response = run_client.get_data_frame(REPORT, dependencies, run_id)
    assert result_rows(spark, response.result.id) == [("a", 1.0, "USD", 1.0, 1, "scala")]


def test_missing_dependency_handle_is_invalid_argument_naming_it(
        spark: SparkSession, run_client: RepositoryClient, run_id: str) -> None:
    error = call_error(run_client.get_data_frame, POSITIVE, {}, run_id)
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert POSITIVE in error.message and f"needs the results of {ACCOUNTS}" in error.message
    assert run_client.server_info().stages


def test_unknown_handle_is_invalid_argument_naming_it(run_client: RepositoryClient, run_id: str) -> None:
    error = call_error(run_client.get_data_frame, POSITIVE, {ACCOUNTS: "df-nope"}, run_id)
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "'df-nope'" in error.message and ACCOUNTS in error.message
    assert run_client.server_info().stages


def test_run_id_is_required(run_client: RepositoryClient) -> None:
    error = call_error(run_client.get_data_frame, RATES, {}, "")
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT and "run_id" in error.message


@pytest.mark.parametrize("module, exc_type, text, frame", [
    ("RunRaises", "ZeroDivisionError", "division by zero", "shop_raw/broken.py"),
    ("ReturnsNumber", "TypeError",
     "shop_raw.broken.ReturnsNumber.run() returned int; it must return a pyspark.sql.DataFrame", "smv/api/dataset.py"),
    ("ReadsUndeclared", "smv.api.dataset.UndeclaredDependencyError",
     "urn:smv:mod:shop_raw.inputs.Accounts is not a dependency of urn:smv:mod:shop_raw.broken.ReadsUndeclared",
     "shop_raw/broken.py"),
])
def test_run_errors_name_the_module_and_carry_the_traceback(
        run_client: RepositoryClient, run_id: str, module: str, exc_type: str, text: str, frame: str) -> None:
    urn = mod(f"shop_raw.broken.{module}")
    error = call_error(run_client.get_data_frame, urn, {}, run_id)
    assert error.code == grpc.StatusCode.UNKNOWN and error.reason == "USER_CODE_ERROR"
    assert error.metadata["exception_type"] == exc_type and error.metadata["phase"] == "run"
    assert text in error.message and urn in error.message
    assert frame in error.traceback
    assert run_client.server_info().stages


def test_server_info_of_a_spark_server_offers_run_and_rerun(run_client: RepositoryClient) -> None:
    assert {"run", "rerun"} <= set(run_client.server_info().capabilities)
