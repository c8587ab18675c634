"""Bearer-token authentication for the repository server.

Every call but the standard health service must carry `authorization: Bearer
<token>` metadata; anything else is UNAUTHENTICATED before any handler runs.
"""
from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc

from smv.repository import errors

AUTHORIZATION_KEY = "authorization"
EXEMPT_PREFIXES = ("/grpc.health.v1.Health/",)


def new_token() -> str:
    """A fresh random token for one server session."""
    return secrets.token_urlsafe(32)


def bearer_metadata(token: str) -> tuple[tuple[str, str], ...]:
    """The call metadata carrying `token`."""
    return ((AUTHORIZATION_KEY, f"Bearer {token}"),)


class BearerTokenInterceptor(grpc.ServerInterceptor):
    """Refuses calls without the session's bearer token (health checks excepted)."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("token must be a non-empty string")
        self._expected = f"Bearer {token}".encode()

    def intercept_service(self, continuation: Callable[[grpc.HandlerCallDetails], Any],
                          handler_call_details: grpc.HandlerCallDetails) -> Any:
        method = handler_call_details.method
        if method.startswith(EXEMPT_PREFIXES) or self._authorized(handler_call_details):
            return continuation(handler_call_details)
        return _refusal(continuation(handler_call_details), method)

    def _authorized(self, details: grpc.HandlerCallDetails) -> bool:
        presented = [v for k, v in details.invocation_metadata or () if k == AUTHORIZATION_KEY]
        return len(presented) == 1 and hmac.compare_digest(
            presented[0].encode() if isinstance(presented[0], str) else presented[0], self._expected)


def _refusal(handler: grpc.RpcMethodHandler | None, method: str) -> grpc.RpcMethodHandler:
    """A handler of the same streaming shape as `handler` that answers UNAUTHENTICATED."""
    status = errors.to_status(errors.UnauthenticatedError(
        f"{method} requires 'authorization: Bearer <token>' metadata with this server's session token; "
        "the call had none or a wrong one"))

    def refuse(_request: Any, context: grpc.ServicerContext) -> Any:
        context.abort_with_status(status)

    streaming_request = handler is not None and handler.request_streaming
    streaming_response = handler is not None and handler.response_streaming
    deserializer = handler.request_deserializer if handler is not None else None
    if streaming_request and streaming_response:
        return grpc.stream_stream_rpc_method_handler(refuse, request_deserializer=deserializer)
    if streaming_request:
        return grpc.stream_unary_rpc_method_handler(refuse, request_deserializer=deserializer)
    if streaming_response:
        return grpc.unary_stream_rpc_method_handler(refuse, request_deserializer=deserializer)
    return grpc.unary_unary_rpc_method_handler(refuse, request_deserializer=deserializer)


TOKEN_ENV = "SMV_REPOSITORY_TOKEN"


def read_token(token_file: str | None) -> str:
    """The session's bearer token: from `token_file`, else $SMV_REPOSITORY_TOKEN (never a command-line value)."""
    token = Path(token_file).read_text(encoding="utf-8").strip() if token_file else os.environ.get(TOKEN_ENV, "")
    if not token:
        where = f"token file {token_file} is empty" if token_file else f"${TOKEN_ENV} is not set"
        raise ValueError(f"no bearer token: {where} (give one with --token-file or ${TOKEN_ENV})")
    return token
