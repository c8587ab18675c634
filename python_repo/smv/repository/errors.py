"""Repository errors, and their one mapping to gRPC statuses with structured details.

Every failure the repository reports is a RepositoryError carrying its gRPC code,
an ErrorInfo reason and metadata (urn, exception type, ...). `to_status` turns any
exception into a `grpc.Status` whose details hold google.rpc.ErrorInfo and, when a
Python traceback matters, google.rpc.DebugInfo; `RepositoryCallError` reads them
back on the client side.
"""
from __future__ import annotations

import base64
import traceback
import urllib.parse
from collections.abc import Mapping, Sequence

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

DOMAIN = "smv.repository.v1"
# Status details travel in trailers; gRPC clients refuse metadata over 8 KiB by default
# (docs/contract.md promises less). The message appears three times (grpc-message,
# Status.message, DebugInfo.detail), the ErrorInfo metadata once (a urn asked about may be
# a megabyte long), the traceback once: each is capped, then the whole is checked.
TRAILER_BUDGET_BYTES = 7000
_MAX_MESSAGE_CHARS = 1000
_MAX_METADATA_VALUE_CHARS = 200
_MAX_TRACEBACK_CHARS = 3000


class RepositoryError(Exception):
    """A failure with a gRPC status code and an ErrorInfo reason."""

    code: grpc.StatusCode = grpc.StatusCode.INTERNAL
    reason: str = "INTERNAL_ERROR"

    def __init__(self, message: str, *, urn: str | None = None,
                 metadata: Mapping[str, str] | None = None,
                 cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.metadata = dict(metadata or {})
        if urn is not None:
            self.metadata["urn"] = urn
        self.cause = cause

    def traceback_lines(self) -> list[str]:
        """The traceback worth sending (the cause's), or none."""
        if self.cause is None:
            return []
        return traceback.format_exception(type(self.cause), self.cause, self.cause.__traceback__)


class InvalidUrnError(RepositoryError):
    code, reason = grpc.StatusCode.INVALID_ARGUMENT, "MALFORMED_URN"


class LinkUrnError(RepositoryError):
    """A link urn where a dataset urn is expected: SmvApp resolves links, repositories never own them."""

    code, reason = grpc.StatusCode.INVALID_ARGUMENT, "LINK_URN_NOT_ACCEPTED"


class InvalidRequestError(RepositoryError):
    code, reason = grpc.StatusCode.INVALID_ARGUMENT, "INVALID_REQUEST"


class DataSetNotFoundError(RepositoryError):
    code, reason = grpc.StatusCode.NOT_FOUND, "DATASET_NOT_FOUND"


class StageNotFoundError(RepositoryError):
    code, reason = grpc.StatusCode.NOT_FOUND, "STAGE_NOT_FOUND"


class SparkRequiredError(RepositoryError):
    code, reason = grpc.StatusCode.FAILED_PRECONDITION, "SPARK_REQUIRED"


class StageImportPathError(RepositoryError):
    """A configured stage package cannot be found on sys.path."""

    code, reason = grpc.StatusCode.FAILED_PRECONDITION, "STAGE_NOT_IMPORTABLE"


class InputError(RepositoryError):
    """An input's data or schema is missing or invalid."""

    code, reason = grpc.StatusCode.FAILED_PRECONDITION, "INPUT_ERROR"


class SqlModuleError(RepositoryError):
    """A SQL module's query does not parse or names a table the module does not have
    (the message names the module, its file and line)."""

    code, reason = grpc.StatusCode.FAILED_PRECONDITION, "SQL_MODULE_ERROR"


class UnauthenticatedError(RepositoryError):
    code, reason = grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED"


class UserCodeError(RepositoryError):
    """User code (a stage import, requiresDS, dqm, run, ...) raised."""

    code, reason = grpc.StatusCode.UNKNOWN, "USER_CODE_ERROR"

    @classmethod
    def wrap(cls, exc: BaseException, *, urn: str | None, phase: str) -> UserCodeError:
        where = f"{phase} of {urn}" if urn else phase
        return cls(f"{where} raised {qualified_type(exc)}: {exc}", urn=urn, cause=exc,
                   metadata={"exception_type": qualified_type(exc),
                             "exception_message": _cap(str(exc), _MAX_MESSAGE_CHARS),
                             "phase": phase})


class InternalError(RepositoryError):
    """A bug in the repository itself (never user code)."""

    @classmethod
    def wrap(cls, exc: BaseException) -> InternalError:
        return cls(f"internal error: {qualified_type(exc)}: {exc}", cause=exc,
                   metadata={"exception_type": qualified_type(exc)})


def qualified_type(exc: BaseException) -> str:
    kind = type(exc)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def to_status(exc: BaseException) -> grpc.Status:
    """The gRPC status (with ErrorInfo and DebugInfo details) reporting `exc`, its trailers
    under TRAILER_BUDGET_BYTES whatever the urn or message (the traceback shrinks first)."""
    err = exc if isinstance(exc, RepositoryError) else InternalError.wrap(exc)
    lines = err.traceback_lines()
    metadata = {key: _cap(value, _MAX_METADATA_VALUE_CHARS) for key, value in err.metadata.items()}
    message_chars, traceback_chars = _MAX_MESSAGE_CHARS, _MAX_TRACEBACK_CHARS
    while True:
        status = _status(err, _cap(str(err), message_chars), metadata, _tail(lines, traceback_chars) if lines else [])
        if trailer_bytes(status.trailing_metadata, status.details) <= TRAILER_BUDGET_BYTES or message_chars < 50:
            return status
        if traceback_chars >= 200:
            traceback_chars //= 2
        else:
            message_chars //= 2


def _status(err: RepositoryError, message: str, metadata: Mapping[str, str], stack: list[str]) -> grpc.Status:
    details: list[error_details_pb2.ErrorInfo | error_details_pb2.DebugInfo] = [
        error_details_pb2.ErrorInfo(reason=err.reason, domain=DOMAIN, metadata=metadata)]
    if stack:
        details.append(error_details_pb2.DebugInfo(stack_entries=stack, detail=message))
    packed = []
    for detail in details:
        entry = any_pb2.Any()
        entry.Pack(detail)
        packed.append(entry)
    return rpc_status.to_status(status_pb2.Status(code=err.code.value[0], message=message, details=packed))


def trailer_bytes(trailing_metadata: Sequence[tuple[str, str | bytes]] | None, message: str = "") -> int:
    """Bytes the trailers take on the wire (binary values base64-encoded, the message
    percent-encoded), as a client's metadata limit counts them (32 bytes of overhead an entry)."""
    total = 32 + len("grpc-message") + len(urllib.parse.quote(message, safe=" !\"#$&'()*+,-./:;<=>?@[]^_`{|}~"))
    for key, value in trailing_metadata or ():
        size = len(base64.b64encode(value)) if isinstance(value, bytes) else len(value.encode())
        total += 32 + len(key) + size
    return total


class RepositoryCallError(Exception):
    """A failed call as a client sees it: status code, message, ErrorInfo and traceback."""

    def __init__(self, code: grpc.StatusCode, message: str, reason: str = "",
                 metadata: Mapping[str, str] | None = None, traceback_text: str = "") -> None:
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.reason = reason
        self.metadata = dict(metadata or {})
        self.traceback = traceback_text

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> RepositoryCallError:
        call = error if isinstance(error, grpc.Call) else None
        code = call.code() if call else grpc.StatusCode.UNKNOWN
        message = (call.details() if call else str(error)) or ""
        try:
            status = rpc_status.from_call(call) if call else None
        except ValueError as exc:  # details disagreeing with the status (e.g. a limit hit on the way)
            return cls(code, f"{message} (the status details could not be read: {exc})")
        reason, metadata, trace = "", {}, ""
        for detail in status.details if status else ():
            info, debug = error_details_pb2.ErrorInfo(), error_details_pb2.DebugInfo()
            if detail.Unpack(info):
                reason, metadata = info.reason, dict(info.metadata)
            elif detail.Unpack(debug):
                trace = "".join(debug.stack_entries)
        return cls(code, message, reason, metadata, trace)


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 15] + " ...(truncated)"


def _tail(lines: list[str], limit: int) -> list[str]:
    """The last lines (the ones nearest the error) that fit in `limit` characters."""
    kept: list[str] = []
    total = 0
    for line in reversed(lines):
        line = _cap(line, limit)
        if total + len(line) > limit:
            kept.append("...(earlier frames truncated)\n")
            break
        kept.append(line)
        total += len(line)
    return list(reversed(kept))
