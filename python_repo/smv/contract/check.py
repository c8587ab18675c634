"""The rule framework: each rule is one check of the contract, registered in order.

A rule's function gets a `Context` and raises `Violation(why, request, got)` when the
server breaks it, or `Skip(why)` when it does not apply (e.g. no recorded hashes to
compare); returning normally means it passed.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf.message import Message

from smv.contract.fixture import Fixture
from smv.contract.wire import SESSION_TOKEN, Reply, Wire
from smv.repository.errors import DOMAIN
from smv.transport.proto import pb


class Violation(Exception):
    """The server broke the rule: why, the request sent and what came back."""

    def __init__(self, why: str, request: str, got: str) -> None:
        super().__init__(why)
        self.why, self.request, self.got = why, request, got


class Skip(Exception):
    """The rule does not apply to this server or run."""


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    check: Callable[[Context], None]


RULES: list[Rule] = []


def rule(rule_id: str, summary: str) -> Callable[[Callable[[Context], None]], Callable[[Context], None]]:
    """Registers a check as the rule `rule_id` (group.name), described by `summary`."""
    def register(check: Callable[[Context], None]) -> Callable[[Context], None]:
        if any(r.id == rule_id for r in RULES):
            raise ValueError(f"rule {rule_id} is registered twice")
        RULES.append(Rule(rule_id, summary, check))
        return check
    return register


@dataclass
class Context:
    """What rules share: the wire, the fixture, and what earlier answers recorded."""

    wire: Wire
    fixture: Fixture
    expected_hashes: dict[str, list[str]] | None = None
    hashes: dict[str, list[str]] = field(default_factory=dict)
    _info: pb.GetServerInfoResponse | None = None

    def ok(self, rpc: str, request: Message, token: Any = SESSION_TOKEN) -> Any:
        """The response of a call that must succeed."""
        reply = self.wire.call(rpc, request, token)
        if not reply.ok:
            raise Violation(f"{rpc} must succeed", reply.request, reply.describe())
        return reply.response

    def info(self) -> pb.GetServerInfoResponse:
        if self._info is None:
            self._info = self.ok("GetServerInfo", pb.GetServerInfoRequest())
        return self._info

    def metadata(self, urns: list[str], closure: bool = False) -> list[pb.DataSetMetadata]:
        request = pb.BatchGetMetadataRequest(urns=urns, include_dependency_closure=closure)
        return list(self.ok("BatchGetMetadata", request).data_sets)

    def fails_with(self, reply: Reply, code: grpc.StatusCode, reason: str) -> None:
        """`reply` is the status `code` with ErrorInfo `reason` in the contract's domain."""
        if reply.code != code or reply.reason != reason or reply.domain != DOMAIN:
            raise Violation(f"expected {code.name} with ErrorInfo(reason={reason!r}, domain={DOMAIN!r})",
                            reply.request, reply.describe())


def expect(condition: bool, why: str, request: str, got: Any) -> None:
    """Raises Violation(why, request, got) unless `condition`."""
    if not condition:
        raise Violation(why, request, got if isinstance(got, str) else repr(got))
