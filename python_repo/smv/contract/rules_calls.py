"""Rules on how a server answers: documented errors with their ErrorInfo, the bearer token,
runs per the server's capabilities, health and reflection."""
from __future__ import annotations

import uuid
from collections.abc import Callable

import grpc
from google.protobuf.message import Message
from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha import reflection_pb2

from smv.contract.check import Context, Skip, expect, rule
from smv.contract.wire import one_line
from smv.transport.proto import SERVICE_NAME, pb

_HEALTH_SERVICE = "grpc.health.v1.Health"

# The RPCs that take one dataset urn, and how to ask each about `urn`.
_URN_CALLS: list[tuple[str, Callable[[str], Message]]] = [
    ("IsEphemeral", lambda u: pb.IsEphemeralRequest(urn=u)),
    ("GetDependencies", lambda u: pb.GetDependenciesRequest(urn=u)),
    ("GetDataSetHash", lambda u: pb.GetDataSetHashRequest(urn=u)),
    ("GetDqmPolicy", lambda u: pb.GetDqmPolicyRequest(urn=u)),
    ("BatchGetMetadata", lambda u: pb.BatchGetMetadataRequest(urns=[u])),
]


def _every_urn_call_fails(ctx: Context, urn: str, code: grpc.StatusCode, reason: str,
                          calls: list[tuple[str, Callable[[str], Message]]] = _URN_CALLS) -> None:
    for rpc, request in calls:
        ctx.fails_with(ctx.wire.call(rpc, request(urn)), code, reason)


@rule("errors.malformed-urn", "a malformed urn is INVALID_ARGUMENT, reason MALFORMED_URN")
def malformed_urn(ctx: Context) -> None:
    for urn in ("not-a-urn", "urn:smv:mod:", "urn:smv:other:cfix.ingest.X"):
        calls = [("HasDataSet", lambda u: pb.HasDataSetRequest(urn=u)), *_URN_CALLS]
        _every_urn_call_fails(ctx, urn, grpc.StatusCode.INVALID_ARGUMENT, "MALFORMED_URN", calls)


@rule("errors.link-urn", "a link urn where a dataset urn is expected is INVALID_ARGUMENT, reason LINK_URN_NOT_ACCEPTED")
def link_urn(ctx: Context) -> None:
    link = ctx.fixture.urns[0].replace("urn:smv:mod:", "urn:smv:link:")
    _every_urn_call_fails(ctx, link, grpc.StatusCode.INVALID_ARGUMENT, "LINK_URN_NOT_ACCEPTED")


@rule("errors.unknown-urn", "a well-formed urn the server does not own is NOT_FOUND, reason DATASET_NOT_FOUND")
def unknown_urn(ctx: Context) -> None:
    for urn in ("urn:smv:mod:cfix.ingest.data.NoSuchDataSet", ctx.fixture.foreign_urn):
        _every_urn_call_fails(ctx, urn, grpc.StatusCode.NOT_FOUND, "DATASET_NOT_FOUND")


# gRPC clients refuse trailers over 8 KiB by default; the contract promises less.
TRAILER_LIMIT_BYTES = 8192


@rule("errors.bounded-details", "an unknown urn of 10,000 or 1,000,000 characters is NOT_FOUND, reason "
                                "DATASET_NOT_FOUND, its trailers (message and details) under 8 KiB")
def bounded_details(ctx: Context) -> None:
    for length in (10_000, 1_000_000):
        prefix = "urn:smv:mod:cfix.ingest.data.NoSuch"
        urn = prefix + "X" * (length - len(prefix))
        for rpc, request in (("GetDependencies", pb.GetDependenciesRequest(urn=urn)),
                             ("BatchGetMetadata", pb.BatchGetMetadataRequest(urns=[urn]))):
            reply = ctx.wire.call(rpc, request)
            ctx.fails_with(reply, grpc.StatusCode.NOT_FOUND, "DATASET_NOT_FOUND")
            expect(reply.trailer_bytes < TRAILER_LIMIT_BYTES, f"trailers must stay under {TRAILER_LIMIT_BYTES} bytes "
                   f"for a {length:,}-character urn", f"{rpc}(urn of {length:,} characters)",
                   f"{reply.trailer_bytes} bytes of trailers")


@rule("errors.unknown-stage", "a stage the server does not serve is NOT_FOUND, reason STAGE_NOT_FOUND")
def unknown_stage(ctx: Context) -> None:
    stage = ctx.fixture.unknown_stage
    for rpc, request in (("GetOutputModulesForStage", pb.GetOutputModulesForStageRequest(stage=stage)),
                         ("ListDataSets", pb.ListDataSetsRequest(stage=stage))):
        ctx.fails_with(ctx.wire.call(rpc, request), grpc.StatusCode.NOT_FOUND, "STAGE_NOT_FOUND")


def _every_rpc(ctx: Context) -> list[tuple[str, Message]]:
    """A valid request for each RPC of the service (runs included: auth comes first)."""
    urn = ctx.fixture.urns[0]
    run = pb.RunDataSetRequest(urn=urn, run_id="contract-auth")
    return [("GetServerInfo", pb.GetServerInfoRequest()), ("HasDataSet", pb.HasDataSetRequest(urn=urn)),
            *((rpc, request(urn)) for rpc, request in _URN_CALLS),
            ("GetOutputModulesForStage", pb.GetOutputModulesForStageRequest(stage=ctx.fixture.stages[0])),
            ("ListDataSets", pb.ListDataSetsRequest()), ("GetDataFrame", run), ("Rerun", run)]


@rule("auth.missing-token", "every RPC without a bearer token is UNAUTHENTICATED, reason UNAUTHENTICATED")
def missing_token(ctx: Context) -> None:
    for rpc, request in _every_rpc(ctx):
        ctx.fails_with(ctx.wire.call(rpc, request, token=None), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


@rule("auth.wrong-token", "every RPC with a wrong bearer token is UNAUTHENTICATED, reason UNAUTHENTICATED")
def wrong_token(ctx: Context) -> None:
    wrong = "wrong-" + uuid.uuid4().hex
    for rpc, request in _every_rpc(ctx):
        ctx.fails_with(ctx.wire.call(rpc, request, token=wrong), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


@rule("auth.reflection", "server reflection without a bearer token, or with a wrong one, is UNAUTHENTICATED, "
                        "reason UNAUTHENTICATED (it describes the service to token holders only)")
def reflection_token(ctx: Context) -> None:
    for token in (None, "wrong-" + uuid.uuid4().hex):
        reply, _ = ctx.wire.reflection([reflection_pb2.ServerReflectionRequest(list_services="")],
                                       f"list_services, {'no token' if token is None else 'a wrong token'}", token)
        ctx.fails_with(reply, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


@rule("runs.capability", "GetDataFrame/Rerun run with handles where the server can run (capability 'run'/'rerun'), "
                         "and are FAILED_PRECONDITION, reason SPARK_REQUIRED, where it cannot")
def runs(ctx: Context) -> None:
    capabilities = set(ctx.info().capabilities)
    orders, clean, summary = (ctx.fixture.datasets[i] for i in ctx.fixture.run_chain)
    for rpc, capability in (("GetDataFrame", "run"), ("Rerun", "rerun")):
        if capability not in capabilities:
            request = pb.RunDataSetRequest(urn=clean.urn, run_id=f"contract-{uuid.uuid4().hex}")
            ctx.fails_with(ctx.wire.call(rpc, request), grpc.StatusCode.FAILED_PRECONDITION, "SPARK_REQUIRED")
            continue
        run_id = f"contract-{uuid.uuid4().hex}"
        handle = _run(ctx, rpc, orders.urn, {}, run_id)
        # Every declared dependency gets a handle (the input's result stands in for the foreign one).
        cleaned = _run(ctx, rpc, clean.urn, {d: handle for d in clean.dependency_urns}, run_id)
        # Results are keyed by the urns the metadata lists, link urns included.
        _run(ctx, rpc, summary.urn, {d: cleaned for d in summary.dependency_urns}, run_id)


@rule("runs.run-id-required", "where the server can run, a run without run_id is INVALID_ARGUMENT, reason INVALID_REQUEST")
def run_id_required(ctx: Context) -> None:
    if "run" not in ctx.info().capabilities:
        raise Skip("the server does not claim 'run' (its refusal is checked by runs.capability)")
    request = pb.RunDataSetRequest(urn=ctx.fixture.datasets[ctx.fixture.run_chain[0]].urn)
    ctx.fails_with(ctx.wire.call("GetDataFrame", request), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_REQUEST")


def _run(ctx: Context, rpc: str, urn: str, deps: dict[str, str], run_id: str) -> str:
    request = pb.RunDataSetRequest(urn=urn, run_id=run_id,
                                   dependencies={u: pb.DataFrameHandle(id=h) for u, h in deps.items()})
    response = ctx.ok(rpc, request)
    expect(bool(response.result.id), "the result must be a non-empty handle", f"{rpc}({one_line(request)})",
           one_line(response))
    return str(response.result.id)


@rule("health.serving", "the standard health service answers SERVING for the server and the service, without a token")
def health_serving(ctx: Context) -> None:
    for service in ("", SERVICE_NAME):
        reply = ctx.wire.health(service)
        serving = reply.ok and reply.response.status == health_pb2.HealthCheckResponse.SERVING
        expect(serving, "status must be SERVING", reply.request, reply.describe())


@rule("reflection.services", "reflection lists the repository and health services and describes every RPC")
def reflection_services(ctx: Context) -> None:
    reply, responses = ctx.wire.reflection([reflection_pb2.ServerReflectionRequest(list_services="")], "list_services")
    expect(reply.ok, "the reflection call must succeed", reply.request, reply.describe())
    names = {s.name for r in responses for s in r.list_services_response.service}
    for wanted in (SERVICE_NAME, _HEALTH_SERVICE):
        expect(wanted in names, f"{wanted} must be listed", reply.request, sorted(names))
    reply, files = ctx.wire.file_descriptors(SERVICE_NAME)
    expect(reply.ok, "the reflection call must succeed", reply.request, reply.describe())
    package, name = SERVICE_NAME.rsplit(".", 1)
    served = {m.name: (m.input_type, m.output_type) for f in files if f.package == package
              for s in f.service if s.name == name for m in s.method}
    contract = {m.name: ("." + m.input_type.full_name, "." + m.output_type.full_name)
                for m in pb.DESCRIPTOR.services_by_name[name].methods}
    expect(served == contract, f"the service must have exactly the contract's methods {sorted(contract)}",
           reply.request, sorted(served.items()))

