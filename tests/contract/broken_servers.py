"""Deliberately broken repository servers: the Python servicer with one contract rule broken,
served for real over a Unix socket (with health and reflection like the real server)."""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from grpc_status import rpc_status

from smv.repository import errors
from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.auth import BearerTokenInterceptor
from smv.transport.proto import MESSAGE_SIZE_OPTIONS, SERVICE_NAME, pb, pb_grpc
from smv.transport.server import RepositoryServicer
from tests.contract.conftest import STAGES, TOKEN


class WrongStatusCode(RepositoryServicer):
    """Answers an unknown urn with INTERNAL instead of NOT_FOUND."""

    def GetDependencies(self, request: pb.GetDependenciesRequest,
                        context: grpc.ServicerContext) -> pb.GetDependenciesResponse:
        if "NoSuch" in request.urn:
            context.abort(grpc.StatusCode.INTERNAL, f"no idea what {request.urn} is")
        return super().GetDependencies(request, context)


class LinksAsModules(RepositoryServicer):
    """Gives a link dependency as the urn:smv:mod: of its target (in GetDependencies only)."""

    def GetDependencies(self, request: pb.GetDependenciesRequest,
                        context: grpc.ServicerContext) -> pb.GetDependenciesResponse:
        answer = super().GetDependencies(request, context)
        return pb.GetDependenciesResponse(
            dependency_urns=[u.replace("urn:smv:link:", "urn:smv:mod:") for u in answer.dependency_urns])


class BatchDisagrees(RepositoryServicer):
    """BatchGetMetadata says every dataset is ephemeral; IsEphemeral tells the truth."""

    def BatchGetMetadata(self, request: pb.BatchGetMetadataRequest,
                         context: grpc.ServicerContext) -> pb.BatchGetMetadataResponse:
        answer = super().BatchGetMetadata(request, context)
        for meta in answer.data_sets:
            meta.is_ephemeral = True
        return answer


class UnboundedDetails(RepositoryServicer):
    """Puts the whole urn asked about in the ErrorInfo of a NOT_FOUND (a megabyte urn: megabyte trailers)."""

    def GetDependencies(self, request: pb.GetDependenciesRequest,
                        context: grpc.ServicerContext) -> pb.GetDependenciesResponse:
        if "NoSuch" in request.urn:
            info = error_details_pb2.ErrorInfo(reason="DATASET_NOT_FOUND", domain=errors.DOMAIN,
                                               metadata={"urn": request.urn})
            detail = any_pb2.Any()
            detail.Pack(info)
            context.abort_with_status(rpc_status.to_status(status_pb2.Status(
                code=grpc.StatusCode.NOT_FOUND.value[0], message="no such dataset", details=[detail])))
        return super().GetDependencies(request, context)


class BatchRepeats(RepositoryServicer):
    """Answers a urn requested twice twice in BatchGetMetadata."""

    def BatchGetMetadata(self, request: pb.BatchGetMetadataRequest,
                         context: grpc.ServicerContext) -> pb.BatchGetMetadataResponse:
        answer = super().BatchGetMetadata(request, context)
        if request.include_dependency_closure:
            return answer
        by_urn = {m.urn: m for m in answer.data_sets}
        return pb.BatchGetMetadataResponse(data_sets=[by_urn[u] for u in request.urns])


class ReflectionWithoutToken(BearerTokenInterceptor):
    """Checks the token on every call but reflection's (and health's)."""

    def intercept_service(self, continuation: Callable[[grpc.HandlerCallDetails], Any],
                          handler_call_details: grpc.HandlerCallDetails) -> Any:
        if handler_call_details.method.startswith(f"/{reflection.SERVICE_NAME}/"):
            return continuation(handler_call_details)
        return super().intercept_service(continuation, handler_call_details)


@contextlib.contextmanager
def broken_server(servicer: type[RepositoryServicer], enforce_token: bool = True,
                  token_check: type[BearerTokenInterceptor] = BearerTokenInterceptor) -> Iterator[str]:
    """Serves the Python half of cfix (metadata only) with `servicer`; yields the target."""
    with tempfile.TemporaryDirectory(prefix="smv-broken-") as folder:
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4),
                             interceptors=[token_check(TOKEN)] if enforce_token else [],
                             options=MESSAGE_SIZE_OPTIONS)
        pb_grpc.add_SmvDataSetRepositoryServicer_to_server(servicer(PythonDataSetRepository(STAGES)), server)
        health_servicer = health.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
        reflection.enable_server_reflection(
            [SERVICE_NAME, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME],
            server)
        target = f"unix:{Path(folder) / 'broken.sock'}"
        server.add_insecure_port(target)
        server.start()
        for service in ("", SERVICE_NAME):
            health_servicer.set(service, health_pb2.HealthCheckResponse.SERVING)
        try:
            yield target
        finally:
            server.stop(None).wait()
