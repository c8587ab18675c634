"""The suite catches what it claims to: against deliberately broken servers it fails,
naming the rule broken, the request and what came back (in the table and in JUnit XML)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from smv.contract import FIXTURES, Outcome, run_suite
from smv.contract.report import table, write_junit
from smv.transport.server import RepositoryServicer
from tests.contract.broken_servers import (BatchDisagrees, BatchRepeats, LinksAsModules, ReflectionWithoutToken,
                                           UnboundedDetails, WrongStatusCode, broken_server)
from tests.contract.conftest import CONTRACT_PYTHON, TOKEN

CFIX = FIXTURES["cfix"]


@pytest.fixture(autouse=True)
def contract_code(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(CONTRACT_PYTHON))
    yield


def failures(servicer: type[RepositoryServicer], enforce_token: bool = True) -> dict[str, Outcome]:
    with broken_server(servicer, enforce_token) as target:
        outcomes, _ = run_suite(target, TOKEN, CFIX)
    return {o.rule: o for o in outcomes if o.status in ("fail", "error")}


def test_the_unbroken_servicer_passes() -> None:
    assert failures(RepositoryServicer) == {}


def test_wrong_status_code_fails_the_error_rule() -> None:
    failed = failures(WrongStatusCode)
    assert set(failed) == {"errors.unknown-urn", "errors.bounded-details"}  # both ask about unknown urns
    outcome = failed["errors.unknown-urn"]
    assert outcome.status == "fail"
    assert outcome.why == "expected NOT_FOUND with ErrorInfo(reason='DATASET_NOT_FOUND', domain='smv.repository.v1')"
    assert outcome.request == "GetDependencies(GetDependenciesRequest{urn: \"urn:smv:mod:cfix.ingest.data.NoSuchDataSet\"})"
    assert outcome.got.startswith("INTERNAL (no google.rpc.ErrorInfo detail): no idea what")


def test_dependencies_in_the_wrong_form_fail_the_dependency_rules() -> None:
    failed = failures(LinksAsModules)
    assert set(failed) == {"metadata.dependencies", "batch.agrees-with-per-call"}
    outcome = failed["metadata.dependencies"]
    assert outcome.request == "GetDependencies(urn='urn:smv:mod:cfix.report.summary.Summary')"
    assert "urn:smv:link:cfix.ingest.data.CleanOrders" in outcome.why
    assert "'urn:smv:mod:cfix.ingest.data.CleanOrders'" in outcome.got


def test_batched_answer_disagreeing_with_per_call_fails_the_batch_rule(tmp_path: Path) -> None:
    with broken_server(BatchDisagrees) as target:
        outcomes, _ = run_suite(target, TOKEN, CFIX)
    failed = {o.rule: o for o in outcomes if o.status == "fail"}
    assert "batch.agrees-with-per-call" in failed
    outcome = failed["batch.agrees-with-per-call"]
    assert outcome.why.startswith("IsEphemeral.is_ephemeral must equal the batched answer")
    assert outcome.request.startswith("IsEphemeral(IsEphemeralRequest{urn: ")
    assert outcome.got == "False"
    # The report names the rule, the request and the answer, in the table and in JUnit XML.
    text = table(outcomes, target)
    assert re.search(r"^batch\.agrees-with-per-call +fail ", text, re.M) and f"request: {outcome.request}" in text
    write_junit(outcomes, target, tmp_path / "results.xml")
    case = next(c for c in ET.parse(tmp_path / "results.xml").getroot().iter("testcase")
                if c.get("name") == "batch.agrees-with-per-call")
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message", "").startswith("batch.agrees-with-per-call: IsEphemeral.is_ephemeral")
    assert f"request: {outcome.request}" in failure.text and "got: False" in failure.text


def test_token_not_enforced_fails_the_auth_rules() -> None:
    failed = failures(RepositoryServicer, enforce_token=False)
    assert set(failed) == {"auth.missing-token", "auth.wrong-token", "auth.reflection"}
    outcome = failed["auth.missing-token"]
    assert outcome.request == "GetServerInfo(GetServerInfoRequest{})"
    assert outcome.got.startswith("OK GetServerInfoResponse{")


def test_unbounded_error_details_fail_the_bounded_details_rule() -> None:
    failed = failures(UnboundedDetails)
    assert set(failed) == {"errors.bounded-details"}
    outcome = failed["errors.bounded-details"]
    # the 10,000-character urn already breaks it: a default grpcio client either refuses the trailers
    # (RESOURCE_EXHAUSTED: between its soft and hard limits it refuses some of the time) or takes them
    assert outcome.request.startswith("GetDependencies(") and "10,000" in outcome.request or "9,0" in outcome.request
    if not outcome.got.startswith("RESOURCE_EXHAUSTED"):
        assert re.fullmatch(r"\d+ bytes of trailers", outcome.got) and int(outcome.got.split()[0]) > 8192, outcome.got


def test_repeated_urns_answered_twice_fail_the_batch_order_rule() -> None:
    failed = failures(BatchRepeats)
    assert set(failed) == {"batch.order"}
    assert failed["batch.order"].why == "one entry per distinct urn, in the order of its first request"


def test_reflection_without_a_token_fails_the_reflection_auth_rule() -> None:
    with broken_server(RepositoryServicer, token_check=ReflectionWithoutToken) as target:
        outcomes, _ = run_suite(target, TOKEN, CFIX)
    failed = {o.rule: o for o in outcomes if o.status in ("fail", "error")}
    assert set(failed) == {"auth.reflection"}
    assert failed["auth.reflection"].request == "ServerReflectionInfo(list_services, no token)"
    assert failed["auth.reflection"].got.startswith("OK ")
