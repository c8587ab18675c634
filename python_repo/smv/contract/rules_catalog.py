"""Rules on what a server says about its datasets: server info, listing, ownership,
metadata, dependencies, DQM, hashes, and BatchGetMetadata against the per-call answers."""
from __future__ import annotations

import re

from smv.contract.check import Context, Skip, Violation, expect, rule
from smv.contract.wire import one_line
from smv.transport.proto import pb

_HEX = re.compile(r"^[0-9a-f]{8,}$")
_PROTOCOL = re.compile(r"^1\.\d+$")


@rule("info.protocol-version", "GetServerInfo names contract version 1.x")
def info_protocol_version(ctx: Context) -> None:
    info = ctx.info()
    expect(bool(_PROTOCOL.match(info.protocol_version)), "protocol_version must be '1.<minor>'",
           "GetServerInfo()", one_line(info))


@rule("info.fields", "GetServerInfo gives language, implementation, the batch-metadata capability and the stages in order")
def info_fields(ctx: Context) -> None:
    info = ctx.info()
    got = one_line(info)
    expect(info.implementation_language != pb.LANGUAGE_UNSPECIFIED, "implementation_language is required",
           "GetServerInfo()", got)
    expect(bool(info.implementation_version), "implementation_version is required", "GetServerInfo()", got)
    expect("batch-metadata" in info.capabilities, "capabilities must include 'batch-metadata'", "GetServerInfo()", got)
    expect("rerun" not in info.capabilities or "run" in info.capabilities,
           "a server that can 'rerun' can 'run'", "GetServerInfo()", got)
    expect(tuple(info.stages) == ctx.fixture.stages,
           f"stages must be the configured stages in order: {list(ctx.fixture.stages)}", "GetServerInfo()", got)


@rule("listing.all", "ListDataSets without a stage gives every dataset's urn, sorted")
def listing_all(ctx: Context) -> None:
    urns = list(ctx.ok("ListDataSets", pb.ListDataSetsRequest()).urns)
    expect(urns == ctx.fixture.urns, f"expected exactly {ctx.fixture.urns}", "ListDataSets()", urns)


@rule("listing.per-stage", "ListDataSets(stage) gives that stage's datasets, sorted")
def listing_per_stage(ctx: Context) -> None:
    for stage in ctx.fixture.stages:
        urns = list(ctx.ok("ListDataSets", pb.ListDataSetsRequest(stage=stage)).urns)
        expected = [d.urn for d in ctx.fixture.in_stage(stage)]
        expect(urns == expected, f"expected exactly {expected}", f"ListDataSets(stage={stage!r})", urns)


@rule("listing.outputs", "GetOutputModulesForStage gives the stage's SmvOutput urns, sorted")
def listing_outputs(ctx: Context) -> None:
    for stage in ctx.fixture.stages:
        urns = list(ctx.ok("GetOutputModulesForStage", pb.GetOutputModulesForStageRequest(stage=stage)).urns)
        expected = [d.urn for d in ctx.fixture.in_stage(stage) if d.is_output]
        expect(urns == expected, f"expected exactly {expected}", f"GetOutputModulesForStage(stage={stage!r})", urns)


@rule("ownership.has-data-set", "HasDataSet is true for owned datasets, false for unknown, foreign and link urns")
def ownership(ctx: Context) -> None:
    owned = ctx.fixture.urns
    cases = [(u, True) for u in owned] + [
        ("urn:smv:mod:cfix.ingest.data.NoSuchDataSet", False), (ctx.fixture.foreign_urn, False),
        (owned[0].replace("urn:smv:mod:", "urn:smv:link:"), False)]
    for urn, expected in cases:
        answer = ctx.ok("HasDataSet", pb.HasDataSetRequest(urn=urn)).has_data_set
        expect(answer == expected, f"has_data_set must be {expected}", f"HasDataSet(urn={urn!r})", answer)


@rule("metadata.fields", "BatchGetMetadata gives each dataset's urn, kind, language, stage, flags, description, "
                         "table name and version")
def metadata_fields(ctx: Context) -> None:
    language = ctx.info().implementation_language
    for expected in ctx.fixture.datasets:
        found = ctx.metadata([expected.urn])
        request = f"BatchGetMetadata(urns=[{expected.urn!r}])"
        expect(len(found) == 1, "exactly one entry per requested urn", request, one_line(found))
        meta = found[0]
        wanted = {"urn": expected.urn, "kind": expected.kind, "language": language, "stage": expected.stage,
                  "is_ephemeral": expected.is_ephemeral, "is_output": expected.is_output,
                  "description": expected.description}
        for name, value in wanted.items():
            expect(getattr(meta, name) == value, f"{name} must be {value!r}", request, one_line(meta))
        for name in ("table_name", "version"):
            value = getattr(expected, name)
            got = getattr(meta, name) if meta.HasField(name) else None
            expect(got == value, f"{name} must be {'absent' if value is None else repr(value)}", request, one_line(meta))


@rule("metadata.dependencies", "dependencies are urns in declaration order: urn:smv:mod: within a stage or across "
                               "languages, urn:smv:link: for links")
def metadata_dependencies(ctx: Context) -> None:
    for expected in ctx.fixture.datasets:
        listed = list(ctx.ok("GetDependencies", pb.GetDependenciesRequest(urn=expected.urn)).dependency_urns)
        expect(listed == list(expected.dependency_urns), f"expected exactly {list(expected.dependency_urns)}",
               f"GetDependencies(urn={expected.urn!r})", listed)
        meta = ctx.metadata([expected.urn])[0]
        expect(list(meta.dependency_urns) == list(expected.dependency_urns),
               f"dependency_urns must be {list(expected.dependency_urns)}",
               f"BatchGetMetadata(urns=[{expected.urn!r}])", list(meta.dependency_urns))


@rule("metadata.dqm", "GetDqmPolicy gives the DQM policy as data, the type-specific policy included")
def metadata_dqm(ctx: Context) -> None:
    for expected in ctx.fixture.datasets:
        policy = ctx.ok("GetDqmPolicy", pb.GetDqmPolicyRequest(urn=expected.urn)).policy
        expect(policy == expected.dqm, f"expected {one_line(expected.dqm)}",
               f"GetDqmPolicy(urn={expected.urn!r})", one_line(policy))


@rule("hashes.well-formed", "hash and hash_with_super_class are lowercase hex, distinct per dataset")
def hashes_well_formed(ctx: Context) -> None:
    seen: dict[str, str] = {}
    for meta in ctx.metadata(ctx.fixture.urns):
        for name in ("hash", "hash_with_super_class"):
            value = getattr(meta, name)
            expect(bool(_HEX.match(value)), f"{name} must be lowercase hex (8+ digits)",
                   f"BatchGetMetadata(urns=[{meta.urn!r}])", repr(value))
        expect(meta.hash not in seen, f"datasets with different code must hash differently ({seen.get(meta.hash)})",
               f"BatchGetMetadata(urns=[{meta.urn!r}])", meta.hash)
        seen[meta.hash] = meta.urn
        ctx.hashes[meta.urn] = [meta.hash, meta.hash_with_super_class]


@rule("hashes.stable", "the same dataset hashes the same on every call")
def hashes_stable(ctx: Context) -> None:
    for expected in ctx.fixture.datasets:
        answers = {ctx.ok("GetDataSetHash", pb.GetDataSetHashRequest(urn=expected.urn)).hash for _ in range(3)}
        expect(len(answers) == 1, "three calls must give one hash", f"GetDataSetHash(urn={expected.urn!r}) x3",
               sorted(answers))


@rule("hashes.super-class", "hash_with_super_class equals hash without a user-defined base class, differs with one")
def hashes_super_class(ctx: Context) -> None:
    for expected in ctx.fixture.datasets:
        meta = ctx.metadata([expected.urn])[0]
        same = meta.hash == meta.hash_with_super_class
        expect(same != expected.has_user_base_class,
               "hash_with_super_class must " + ("differ from" if expected.has_user_base_class else "equal") + " hash",
               f"BatchGetMetadata(urns=[{expected.urn!r}])", f"hash={meta.hash} hash_with_super_class="
               f"{meta.hash_with_super_class}")


@rule("hashes.same-across-processes", "the same code hashes the same in another process of the server (restart)")
def hashes_across_processes(ctx: Context) -> None:
    if ctx.expected_hashes is None:
        raise Skip("no hashes recorded by an earlier run given (--expect-hashes)")
    for meta in ctx.metadata(ctx.fixture.urns):
        before = ctx.expected_hashes.get(meta.urn)
        now = [meta.hash, meta.hash_with_super_class]
        expect(before == now, f"hashes recorded earlier: {before}", f"BatchGetMetadata(urns=[{meta.urn!r}])", now)


@rule("batch.agrees-with-per-call", "every BatchGetMetadata field equals the answer of its own RPC")
def batch_agrees(ctx: Context) -> None:
    for meta in ctx.metadata(ctx.fixture.urns):
        urn = meta.urn
        batched = f"BatchGetMetadata: {one_line(meta)}"
        calls = [
            ("HasDataSet", pb.HasDataSetRequest(urn=urn), "has_data_set", True),
            ("IsEphemeral", pb.IsEphemeralRequest(urn=urn), "is_ephemeral", meta.is_ephemeral),
            ("GetDependencies", pb.GetDependenciesRequest(urn=urn), "dependency_urns", list(meta.dependency_urns)),
            ("GetDataSetHash", pb.GetDataSetHashRequest(urn=urn), "hash", meta.hash),
            ("GetDataSetHash", pb.GetDataSetHashRequest(urn=urn, include_super_class=True), "hash",
             meta.hash_with_super_class),
            ("GetDqmPolicy", pb.GetDqmPolicyRequest(urn=urn), "policy", meta.dqm),
        ]
        for rpc, request, name, batch_value in calls:
            value = getattr(ctx.ok(rpc, request), name)
            value = list(value) if name == "dependency_urns" else value
            expect(value == batch_value, f"{rpc}.{name} must equal the batched answer ({batched})",
                   f"{rpc}({one_line(request)})", one_line(value))


@rule("batch.order", "BatchGetMetadata answers each distinct requested urn once, in the order of its first "
                    "request, each as asked alone")
def batch_order(ctx: Context) -> None:
    distinct = list(reversed(ctx.fixture.urns))
    urns = [distinct[0], *distinct, *distinct[:2]]  # repeats, first ones included
    together = ctx.metadata(urns)
    request = f"BatchGetMetadata(urns={urns})"
    expect([m.urn for m in together] == distinct, "one entry per distinct urn, in the order of its first request",
           request, [m.urn for m in together])
    for meta in together:
        alone = ctx.metadata([meta.urn])
        expect(alone == [meta], "an entry must equal the answer for its urn alone",
               f"BatchGetMetadata(urns=[{meta.urn!r}]) vs {request}", f"{one_line(alone)} vs {one_line(meta)}")


@rule("batch.closure", "with include_dependency_closure: requested first in order, then every owned dataset they "
                       "reach, once; links and foreign datasets named but not followed")
def batch_closure(ctx: Context) -> None:
    singles = {m.urn: m for m in ctx.metadata(ctx.fixture.urns)}
    requests = [[u] for u in ctx.fixture.urns] + [list(reversed(ctx.fixture.urns[:2]))]
    for urns in requests:
        found = ctx.metadata(urns, closure=True)
        request = f"BatchGetMetadata(urns={urns}, include_dependency_closure=true)"
        got = [m.urn for m in found]
        expected_rest = set().union(*(ctx.fixture.closure(u) for u in urns)) - set(urns)
        expect(got[: len(urns)] == urns, "the requested urns come first, in request order", request, got)
        expect(len(got) == len(set(got)), "each dataset once", request, got)
        expect(set(got[len(urns):]) == expected_rest, f"then exactly the owned closure {sorted(expected_rest)}",
               request, got)
        for meta in found:
            if meta != singles.get(meta.urn):
                raise Violation("a closure entry must equal the answer for its urn alone", request, one_line(meta))
