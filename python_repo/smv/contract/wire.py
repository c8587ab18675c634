"""The suite's view of a server: raw calls that keep the whole answer, status details included.

Unlike `smv.transport.client.RepositoryClient` it never retries and never hides a failure: a
`Reply` holds either the response or the status code, message and ErrorInfo.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf import descriptor_pb2, text_format
from google.protobuf.message import Message
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from grpc_status import rpc_status

from smv.repository.errors import trailer_bytes
from smv.transport.auth import bearer_metadata
from smv.transport.proto import pb_grpc

_RUN_RPCS = frozenset({"GetDataFrame", "Rerun"})

SESSION_TOKEN = object()
"""Marker: send the session token (the default); pass None for no token, or another string."""


@dataclass(frozen=True)
class Reply:
    """One call's outcome: the response, or the status with its ErrorInfo (if any)."""

    request: str
    response: Any = None
    code: grpc.StatusCode = grpc.StatusCode.OK
    message: str = ""
    reason: str | None = None
    domain: str | None = None
    error_metadata: dict[str, str] = field(default_factory=dict)
    trailer_bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.code == grpc.StatusCode.OK

    def describe(self) -> str:
        """What came back, in one line."""
        if self.ok:
            return f"OK {one_line(self.response)}"
        info = f" ErrorInfo(reason={self.reason!r}, domain={self.domain!r})" if self.reason is not None \
            else " (no google.rpc.ErrorInfo detail)"
        return f"{self.code.name}{info}: {self.message}"


_MAX_LINE_CHARS = 1000


def one_line(message: Any) -> str:
    """A protobuf message (or a list of them) as short one-line text (a huge one clipped)."""
    if isinstance(message, Message):
        text = f"{type(message).__name__}{{{text_format.MessageToString(message, as_one_line=True)}}}"
    elif isinstance(message, (list, tuple)):
        text = "[" + ", ".join(one_line(m) for m in message) + "]"
    else:
        text = repr(message)
    if len(text) <= _MAX_LINE_CHARS:
        return text
    return f"{text[:_MAX_LINE_CHARS]}... ({len(text) - _MAX_LINE_CHARS:,} more characters)"


class Wire:
    """Calls the server at `target` ("unix:/path" or "host:port") with `token` and a deadline."""

    def __init__(self, target: str, token: str, deadline: float = 30.0, run_deadline: float = 600.0) -> None:
        self.target = target
        self._token = token
        self._deadline = deadline
        self._run_deadline = run_deadline  # runs start Spark jobs: minutes on a loaded machine
        self._channel = grpc.insecure_channel(target)
        self._stub = pb_grpc.SmvDataSetRepositoryStub(self._channel)
        self._health = health_pb2_grpc.HealthStub(self._channel)
        self._reflection = reflection_pb2_grpc.ServerReflectionStub(self._channel)

    def call(self, rpc: str, request: Message, token: Any = SESSION_TOKEN) -> Reply:
        """`rpc` of SmvDataSetRepository (e.g. "ListDataSets") with `request`."""
        deadline = self._run_deadline if rpc in _RUN_RPCS else self._deadline
        return self._invoke(getattr(self._stub, rpc), f"{rpc}({one_line(request)})", request, token, deadline)

    def health(self, service: str, token: Any = None) -> Reply:
        """grpc.health.v1.Health/Check (without a token by default: health is exempt)."""
        return self._invoke(self._health.Check, f"Health.Check(service={service!r})",
                            health_pb2.HealthCheckRequest(service=service), token, self._deadline)

    def reflection(self, requests: Iterable[reflection_pb2.ServerReflectionRequest], what: str,
                   token: Any = SESSION_TOKEN) -> tuple[Reply, list[reflection_pb2.ServerReflectionResponse]]:
        """The v1alpha reflection stream (with the session token by default)."""
        try:
            responses = list(self._reflection.ServerReflectionInfo(
                iter(list(requests)), timeout=self._deadline, metadata=self._metadata(token)))
        except grpc.RpcError as exc:
            return _failed(f"ServerReflectionInfo({what})", exc), []
        return Reply(f"ServerReflectionInfo({what})", responses), responses

    def file_descriptors(self, symbol: str) -> tuple[Reply, list[descriptor_pb2.FileDescriptorProto]]:
        """The FileDescriptorProtos reflection gives for `symbol`."""
        reply, responses = self.reflection(
            [reflection_pb2.ServerReflectionRequest(file_containing_symbol=symbol)], f"file_containing_symbol={symbol}")
        files = []
        for response in responses:
            for raw in response.file_descriptor_response.file_descriptor_proto:
                files.append(descriptor_pb2.FileDescriptorProto.FromString(raw))
        return reply, files

    def close(self) -> None:
        self._channel.close()

    def _metadata(self, token: Any) -> tuple[tuple[str, str], ...]:
        if token is SESSION_TOKEN:
            return bearer_metadata(self._token)
        return () if token is None else bearer_metadata(str(token))

    def _invoke(self, method: Any, what: str, request: Message, token: Any, deadline: float) -> Reply:
        try:
            return Reply(what, method(request, timeout=deadline, metadata=self._metadata(token)))
        except grpc.RpcError as exc:
            return _failed(what, exc)


def _failed(what: str, error: grpc.RpcError) -> Reply:
    call = error if isinstance(error, grpc.Call) else None
    if call is None:
        return Reply(what, code=grpc.StatusCode.UNKNOWN, message=str(error))
    reason = domain = None
    metadata: dict[str, str] = {}
    size = trailer_bytes(call.trailing_metadata(), call.details() or "")
    try:
        status = rpc_status.from_call(call)
    except ValueError as exc:  # grpc-status-details-bin disagreeing with the status itself
        return Reply(what, code=call.code(), message=f"{call.details()} (unreadable status details: {exc})",
                     trailer_bytes=size)
    for detail in status.details if status else ():
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            reason, domain, metadata = info.reason, info.domain, dict(info.metadata)
    return Reply(what, code=call.code(), message=call.details() or "", reason=reason, domain=domain,
                 error_metadata=metadata, trailer_bytes=size)
