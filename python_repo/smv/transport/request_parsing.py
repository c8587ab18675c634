"""Requests that do not parse are answered INVALID_ARGUMENT (reason INVALID_REQUEST).

grpcio answers a request it cannot deserialize with INTERNAL ("Exception deserializing
request!"), which reads like a server bug; the Scala server answers the same bytes the
same way as this (smv.grpc.StrictParsing).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

from smv.repository import errors


class StrictParsingInterceptor(grpc.ServerInterceptor):
    """Parses unary requests itself, so a malformed one is the caller's INVALID_ARGUMENT."""

    def intercept_service(self, continuation: Callable[[grpc.HandlerCallDetails], Any],
                          handler_call_details: grpc.HandlerCallDetails) -> Any:
        handler = continuation(handler_call_details)
        if (handler is None or handler.request_streaming or handler.response_streaming
                or handler.request_deserializer is None):
            return handler
        parse, inner, method = handler.request_deserializer, handler.unary_unary, handler_call_details.method

        def parse_then_call(payload: bytes, context: grpc.ServicerContext) -> Any:
            try:
                request = parse(payload)
            except Exception as exc:  # noqa: BLE001 - any decoding failure is the caller's bad request
                context.abort_with_status(errors.to_status(errors.InvalidRequestError(
                    f"{method}: the request is not a valid {method.rsplit('/', 1)[-1]} request message "
                    f"({type(exc).__name__}: {exc})")))
            return inner(request, context)

        return grpc.unary_unary_rpc_method_handler(parse_then_call, request_deserializer=None,
                                                   response_serializer=handler.response_serializer)
