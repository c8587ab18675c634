"""Deliberately broken repository servers: the Python servicer with one contract rule broken,
served for real over a Unix socket (with health and reflection like the real server)."""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from smv.repository.python_repository import PythonDataSetRepository
from smv.transport.auth import BearerTokenInterceptor
from smv.transport.proto import SERVICE_NAME, pb, pb_grpc
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


@contextlib.contextmanager
def broken_server(servicer: type[RepositoryServicer], enforce_token: bool = True) -> Iterator[str]:
    """Serves the Python half of cfix (metadata only) with `servicer`; yields the target."""
    with tempfile.TemporaryDirectory(prefix="smv-broken-") as folder:
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4),
                             interceptors=[BearerTokenInterceptor(TOKEN)] if enforce_token else [])
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
