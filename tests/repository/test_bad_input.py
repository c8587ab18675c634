"""Every bad input gets a clear status with structured details, and the server keeps serving."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from tests.repository.support import APPS, SHOP_RAW, SHOP_REPORT, app_props, call_error, link, mod
from smv.repository.errors import DOMAIN
from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.auth import bearer_metadata
from smv.transport.client import RepositoryClient
from smv.transport.proto import pb, pb_grpc
from smv.transport.server import RepositoryServer

# Every RPC that names one dataset, called with a given urn.
URN_CALLS: dict[str, Callable[[RepositoryClient, str], object]] = {
    "IsEphemeral": lambda c, urn: c.is_ephemeral(urn),
    "GetDependencies": lambda c, urn: c.dependencies(urn),
    "GetDataSetHash": lambda c, urn: c.dataset_hash(urn, True),
    "GetDqmPolicy": lambda c, urn: c.dqm_policy(urn),
    "BatchGetMetadata": lambda c, urn: c.metadata([mod("shop_raw.modules.Positive"), urn]),
    "GetDataFrame": lambda c, urn: c.get_data_frame(urn, {}, "run-1"),
    "Rerun": lambda c, urn: c.rerun(urn, {}, "run-1"),
}


def assert_serving(client: RepositoryClient) -> None:
    assert client.server_info().stages
    assert client.has_data_set(mod("shop_raw.modules.Positive"))


@pytest.mark.parametrize("rpc", sorted(URN_CALLS))
@pytest.mark.parametrize("urn", ["shop_raw.modules.Positive", "urn:smv:mod:", "urn:smv:module:a.B",
                                 "urn:smv:mod:no_dot", ""])
def test_malformed_urn_is_invalid_argument_naming_it_and_the_expected_form(
        run_client: RepositoryClient, rpc: str, urn: str) -> None:
    error = call_error(URN_CALLS[rpc], run_client, urn)
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert repr(urn) in error.message
    assert "urn:smv:mod:<fqn>" in error.message and "urn:smv:link:<fqn>" in error.message
    assert (error.reason, error.metadata["urn"]) == ("MALFORMED_URN", urn)
    assert_serving(run_client)


def test_has_data_set_rejects_a_malformed_urn_too(client: RepositoryClient) -> None:
    error = call_error(client.has_data_set, "Positive")
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT and "'Positive'" in error.message


@pytest.mark.parametrize("rpc", sorted(URN_CALLS))
def test_unknown_urn_is_not_found_naming_it_and_the_stages_searched(run_client: RepositoryClient, rpc: str) -> None:
    urn = mod("shop_raw.modules.Missing")
    error = call_error(URN_CALLS[rpc], run_client, urn)
    assert error.code == grpc.StatusCode.NOT_FOUND
    assert urn in error.message and f"{SHOP_RAW}, {SHOP_REPORT}" in error.message
    assert error.reason == "DATASET_NOT_FOUND" and error.metadata["urn"] == urn
    assert_serving(run_client)


@pytest.mark.parametrize("rpc", sorted(URN_CALLS))
def test_link_urn_where_a_dataset_is_expected_is_invalid_argument(run_client: RepositoryClient, rpc: str) -> None:
    error = call_error(URN_CALLS[rpc], run_client, link("shop_raw.modules.Positive"))
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert "is a link" in error.message and "urn:smv:mod:shop_raw.modules.Positive" in error.message
    assert error.reason == "LINK_URN_NOT_ACCEPTED"
    assert_serving(run_client)


@pytest.mark.parametrize("call", [lambda c: c.output_modules("nope"), lambda c: c.list_data_sets("nope")])
def test_unknown_stage_is_not_found_naming_the_stages_served(client: RepositoryClient,
                                                            call: Callable[[RepositoryClient], object]) -> None:
    error = call_error(call, client)
    assert error.code == grpc.StatusCode.NOT_FOUND and error.reason == "STAGE_NOT_FOUND"
    assert "'nope'" in error.message and f"{SHOP_RAW}, {SHOP_REPORT}" in error.message
    assert_serving(client)


@pytest.mark.parametrize("rpc, module, exc_type, text", [
    ("GetDependencies", "RequiresRaises", "ValueError", "no dependencies today"),
    ("IsEphemeral", "RequiresRaises", None, None),
    ("BatchGetMetadata", "RequiresRaises", "ValueError", "no dependencies today"),
    ("GetDqmPolicy", "DqmRaises", "RuntimeError", "dqm is broken"),
    ("BatchGetMetadata", "DqmRaises", "RuntimeError", "dqm is broken"),
])
def test_user_code_that_raises_reports_type_message_and_traceback(
        client: RepositoryClient, rpc: str, module: str, exc_type: str | None, text: str | None) -> None:
    urn = mod(f"shop_raw.broken.{module}")
    if exc_type is None:  # IsEphemeral does not call the failing method
        assert client.is_ephemeral(urn) is False
        return
    error = call_error(URN_CALLS[rpc], client, urn)
    assert error.code == grpc.StatusCode.UNKNOWN and error.reason == "USER_CODE_ERROR"
    assert error.metadata["exception_type"] == exc_type and error.metadata["exception_message"] == text
    assert error.metadata["urn"] == urn and urn in error.message and text in error.message
    assert "shop_raw/broken.py" in error.traceback and text in error.traceback
    assert_serving(client)


def test_error_details_are_error_info_and_debug_info_in_the_contract_domain(
        metadata_server: RepositoryServer) -> None:
    with grpc.insecure_channel(metadata_server.address) as channel:
        stub = pb_grpc.SmvDataSetRepositoryStub(channel)
        with pytest.raises(grpc.RpcError) as info:
            stub.GetDqmPolicy(pb.GetDqmPolicyRequest(urn=mod("shop_raw.broken.DqmRaises")),
                              metadata=bearer_metadata(metadata_server.token), timeout=60)
    status = rpc_status.from_call(info.value)
    assert [d.type_url.rsplit("/", 1)[1] for d in status.details] == ["google.rpc.ErrorInfo", "google.rpc.DebugInfo"]
    error_info, debug_info = error_details_pb2.ErrorInfo(), error_details_pb2.DebugInfo()
    assert status.details[0].Unpack(error_info) and status.details[1].Unpack(debug_info)
    assert error_info.domain == DOMAIN == "smv.repository.v1"
    assert any("dqm is broken" in line for line in debug_info.stack_entries)


@pytest.fixture(scope="module")
def broken_import_client() -> Iterator[RepositoryClient]:
    props = app_props(APPS / "broken_import")
    with RepositoryServer(PythonDataSetRepository(props.stages, str(props.input_dir), None)) as server:
        with RepositoryClient(server.address, server.token, deadline=60) as client:
            yield client


@pytest.mark.parametrize("call", [lambda c: c.list_data_sets(), lambda c: c.has_data_set(mod("brokenimp.fine.Fine")),
                                  lambda c: c.output_modules("brokenimp")])
def test_a_stage_that_fails_to_import_reports_the_import_error(
        broken_import_client: RepositoryClient, call: Callable[[RepositoryClient], object]) -> None:
    error = call_error(call, broken_import_client)
    assert error.code == grpc.StatusCode.UNKNOWN and error.reason == "USER_CODE_ERROR"
    assert error.metadata["exception_type"] == "NameError"
    assert "brokenimp.typo" in error.message and "undefined_name" in error.message
    assert "brokenimp/typo.py" in error.traceback
    # still serving: info and health need no stage code
    assert broken_import_client.server_info().stages == ["brokenimp"]
    assert broken_import_client.health() == "SERVING"


def test_a_stage_without_a_python_package_has_no_python_datasets() -> None:
    """A stage may be Scala only: the Python repository owns none of its datasets."""
    repository = PythonDataSetRepository(["no_such_stage_pkg"], None, None)
    with RepositoryServer(repository) as server, RepositoryClient(server.address, server.token) as client:
        assert client.list_data_sets() == []
        assert client.output_modules("no_such_stage_pkg") == []
        assert client.has_data_set(mod("no_such_stage_pkg.M")) is False
        error = call_error(lambda c: c.dependencies(mod("no_such_stage_pkg.M")), client)
        assert error.code == grpc.StatusCode.NOT_FOUND and "no_such_stage_pkg" in error.message
