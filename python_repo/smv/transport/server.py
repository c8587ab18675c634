"""RepositoryServer: serves a PythonDataSetRepository over gRPC.

Listens on a Unix socket in a private temporary folder by default, or on TCP: on
loopback, or beyond it only with TLS or an explicit `insecure` (see smv.transport.tls);
requires the session's bearer token on every call but health; adds the standard
health and reflection services. Every failure is answered as a
status with ErrorInfo (and DebugInfo for Python tracebacks) and the server keeps
serving. Start it in a thread (`start()`, tests and embedded mode) or as a process
(`smv-repository-server`, see smv.cli.smv_repository_server).
"""
from __future__ import annotations

import functools
import logging
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent import futures
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from smv.repository import errors
from smv.repository.python_repository import PythonDataSetRepository, RunResult
from smv.transport.auth import BearerTokenInterceptor, new_token
from smv.transport.proto import MESSAGE_SIZE_OPTIONS, PROTOCOL_VERSION, SERVICE_NAME, pb, pb_grpc
from smv.transport.request_parsing import StrictParsingInterceptor
from smv.transport.tls import InsecureConnectionWarner, ServerTls, check_listen_address, is_local

_log = logging.getLogger(__name__)
T = TypeVar("T")


class RepositoryServicer(pb_grpc.SmvDataSetRepositoryServicer):
    """Maps each RPC of the contract onto the repository; every failure becomes a status."""

    def __init__(self, repository: PythonDataSetRepository) -> None:
        self._repo = repository

    def GetServerInfo(self, request: pb.GetServerInfoRequest, context: grpc.ServicerContext) -> pb.GetServerInfoResponse:
        capabilities = ["batch-metadata", "list-datasets"]
        if self._repo.spark is not None:
            capabilities += ["run", "rerun"]
        return pb.GetServerInfoResponse(
            protocol_version=PROTOCOL_VERSION, implementation_language=pb.LANGUAGE_PYTHON,
            implementation_version=f"smv-python {_package_version()}", capabilities=capabilities,
            stages=self._repo.stages)

    def HasDataSet(self, request: pb.HasDataSetRequest, context: grpc.ServicerContext) -> pb.HasDataSetResponse:
        return _answer(context, lambda: pb.HasDataSetResponse(has_data_set=self._repo.has_data_set(request.urn)))

    def IsEphemeral(self, request: pb.IsEphemeralRequest, context: grpc.ServicerContext) -> pb.IsEphemeralResponse:
        return _answer(context, lambda: pb.IsEphemeralResponse(is_ephemeral=self._repo.is_ephemeral(request.urn)))

    def GetDependencies(self, request: pb.GetDependenciesRequest,
                        context: grpc.ServicerContext) -> pb.GetDependenciesResponse:
        return _answer(context, lambda: pb.GetDependenciesResponse(
            dependency_urns=self._repo.dependencies(request.urn)))

    def GetDataSetHash(self, request: pb.GetDataSetHashRequest,
                       context: grpc.ServicerContext) -> pb.GetDataSetHashResponse:
        return _answer(context, lambda: pb.GetDataSetHashResponse(
            hash=self._repo.dataset_hash(request.urn, request.include_super_class)))

    def GetOutputModulesForStage(self, request: pb.GetOutputModulesForStageRequest,
                                 context: grpc.ServicerContext) -> pb.GetOutputModulesForStageResponse:
        return _answer(context, lambda: pb.GetOutputModulesForStageResponse(
            urns=self._repo.output_modules(request.stage)))

    def GetDqmPolicy(self, request: pb.GetDqmPolicyRequest, context: grpc.ServicerContext) -> pb.GetDqmPolicyResponse:
        return _answer(context, lambda: pb.GetDqmPolicyResponse(policy=self._repo.dqm_policy(request.urn)))

    def ListDataSets(self, request: pb.ListDataSetsRequest, context: grpc.ServicerContext) -> pb.ListDataSetsResponse:
        stage = request.stage if request.HasField("stage") else None
        return _answer(context, lambda: pb.ListDataSetsResponse(urns=self._repo.list_data_sets(stage)))

    def BatchGetMetadata(self, request: pb.BatchGetMetadataRequest,
                         context: grpc.ServicerContext) -> pb.BatchGetMetadataResponse:
        return _answer(context, lambda: self._repo.metadata_response(list(request.urns),
                                                                     request.include_dependency_closure))

    def GetDataFrame(self, request: pb.RunDataSetRequest, context: grpc.ServicerContext) -> pb.RunDataSetResponse:
        return _answer(context, lambda: _run_response(self._repo.run(*_run_args(request))))

    def Rerun(self, request: pb.RunDataSetRequest, context: grpc.ServicerContext) -> pb.RunDataSetResponse:
        return _answer(context, lambda: _run_response(self._repo.rerun(*_run_args(request))))


def _run_args(request: pb.RunDataSetRequest) -> tuple[str, dict[str, str], str, dict[str, str]]:
    return (request.urn, {urn: h.id for urn, h in request.dependencies.items()}, request.run_id,
            dict(request.run_config))


def _run_response(result: RunResult) -> pb.RunDataSetResponse:
    return pb.RunDataSetResponse(result=pb.DataFrameHandle(id=result.handle),
                                 parser_error_count=result.parser_error_count,
                                 parser_error_samples=result.parser_error_samples)


def _answer(context: grpc.ServicerContext, compute: Callable[[], T]) -> T:
    """compute(), or the call aborted with the status describing what it raised."""
    try:
        return compute()
    except errors.RepositoryError as exc:
        level = logging.ERROR if isinstance(exc, errors.InternalError) else logging.INFO
        _log.log(level, "%s: %s", exc.reason, exc)
        status = errors.to_status(exc)
    except Exception as exc:  # noqa: BLE001 - any bug becomes INTERNAL; the server keeps serving
        _log.exception("internal error in the repository server")
        status = errors.to_status(exc)
    context.abort_with_status(status)
    raise AssertionError("abort_with_status returned")  # abort always raises


class RepositoryServer:
    """A gRPC server for `repository`; a context manager that always stops it.

    `address`: "unix:/path" or "host:port" (port 0 picks a free one); default: a Unix
    socket in a fresh private folder. A host other than loopback needs `tls` (or
    `insecure`, which warns at start and on every new connection). `token`: the
    session's bearer token (generated when None; read it from `.token`).
    `interceptors` run after the token check (e.g. to record or time calls).
    """

    def __init__(self, repository: PythonDataSetRepository, address: str | None = None,
                 token: str | None = None, max_workers: int = 8,
                 interceptors: Sequence[grpc.ServerInterceptor] = (), tls: ServerTls | None = None,
                 insecure: bool = False) -> None:
        self.repository = repository
        self.token = token or new_token()
        self._private_dir: str | None = None
        if address is None:
            self._private_dir = tempfile.mkdtemp(prefix="smv-repo-")
            address = f"unix:{Path(self._private_dir) / 'repository.sock'}"
        check_listen_address(address, tls, insecure)
        self._requested = address
        self.address = address
        self.tls = tls
        self._insecure_beyond_loopback = tls is None and not is_local(address)
        self._warner = InsecureConnectionWarner(address)
        warner = [self._warner] if self._insecure_beyond_loopback else []
        self._health = health.HealthServicer()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="smv-repo"),
                                   interceptors=[*warner, BearerTokenInterceptor(self.token),
                                                 StrictParsingInterceptor(), *interceptors],
                                   options=MESSAGE_SIZE_OPTIONS)
        pb_grpc.add_SmvDataSetRepositoryServicer_to_server(RepositoryServicer(repository), self._server)
        health_pb2_grpc.add_HealthServicer_to_server(self._health, self._server)
        reflection.enable_server_reflection(
            [SERVICE_NAME, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME],
            self._server)

    def start(self) -> RepositoryServer:
        """Binds and starts serving; `address` then holds the bound address (real port)."""
        if self.tls is not None:
            port = self._server.add_secure_port(self._requested, self.tls.credentials())
        else:
            port = self._server.add_insecure_port(self._requested)
        if not self._requested.startswith("unix:"):
            if port == 0:
                raise OSError(f"could not listen on {self._requested}")
            self.address = f"{self._requested.rsplit(':', 1)[0]}:{port}"
            self._warner.address = self.address
        self._server.start()
        for service in ("", SERVICE_NAME):
            self._health.set(service, health_pb2.HealthCheckResponse.SERVING)
        _log.info("SMV repository server for stages %s listening on %s%s",
                  ", ".join(self.repository.stages), self.address, " with TLS" if self.tls else "")
        if self._insecure_beyond_loopback:
            _log.warning("INSECURE: serving plaintext on %s, beyond loopback, without TLS (--insecure): anyone on "
                         "the network can read the token and the data", self.address)
        return self

    def stop(self, grace: float | None = 1.0) -> None:
        """Stops serving (in-flight calls get `grace` seconds) and removes the private socket folder."""
        self._health.enter_graceful_shutdown()
        self._server.stop(grace).wait()
        if self._private_dir is not None:
            shutil.rmtree(self._private_dir, ignore_errors=True)
            self._private_dir = None

    def wait_for_termination(self, timeout: float | None = None) -> bool:
        return bool(self._server.wait_for_termination(timeout))

    def __enter__(self) -> RepositoryServer:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()


@functools.cache
def _package_version() -> str:
    try:
        return importlib_metadata.version("smv")
    except importlib_metadata.PackageNotFoundError:
        return "unknown"
