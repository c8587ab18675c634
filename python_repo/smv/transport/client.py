"""RepositoryClient: a thin typed client of any SMV repository server.

Every call carries the bearer token and a deadline; idempotent metadata calls are
retried on UNAVAILABLE (a server starting or restarting) for a span of time, never a
number of attempts: a server starting late on a busy machine is still reached. Failures raise
`smv.repository.errors.RepositoryCallError` with the status code, ErrorInfo reason/metadata
and the server-side traceback, if any.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from smv.repository.errors import RepositoryCallError
from smv.transport.auth import bearer_metadata
from smv.transport.proto import MESSAGE_SIZE_OPTIONS, pb, pb_grpc
from smv.transport.tls import PLAINTEXT_HINT, ClientTls

T = TypeVar("T")
_MAX_BACKOFF_SECONDS = 1.0
_CHANNEL_OPTIONS = [("grpc.initial_reconnect_backoff_ms", 100), ("grpc.min_reconnect_backoff_ms", 100),
                    ("grpc.max_reconnect_backoff_ms", 1000), *MESSAGE_SIZE_OPTIONS]


class RepositoryClient:
    """Calls a repository server at `target` ("unix:/path" or "host:port").

    `deadline`: seconds for metadata calls; `run_deadline`: for GetDataFrame/Rerun,
    which run Spark jobs (input parsing); `retry_for`: seconds an idempotent call keeps
    retrying UNAVAILABLE (0: never), backing off from `retry_backoff` up to 1 s;
    `interceptors`: grpc client interceptors (tracing, tests); `tls`: the server's CA
    (and a client certificate for mutual TLS), else plaintext.
    """

    def __init__(self, target: str, token: str, deadline: float = 30.0, run_deadline: float = 3600.0,
                 retry_for: float = 5.0, retry_backoff: float = 0.2, interceptors: Sequence[Any] = (),
                 tls: ClientTls | None = None) -> None:
        self.target = target
        self._metadata = bearer_metadata(token)
        self._deadline, self._run_deadline = deadline, run_deadline
        self._retry_for, self._backoff = retry_for, retry_backoff
        self._tls = tls
        self._channel = (grpc.secure_channel(target, tls.credentials(), options=_CHANNEL_OPTIONS) if tls
                         else grpc.insecure_channel(target, options=_CHANNEL_OPTIONS))
        channel = grpc.intercept_channel(self._channel, *interceptors) if interceptors else self._channel
        self._stub = pb_grpc.SmvDataSetRepositoryStub(channel)
        self._health = health_pb2_grpc.HealthStub(channel)

    def server_info(self) -> pb.GetServerInfoResponse:
        return self._metadata_call(self._stub.GetServerInfo, pb.GetServerInfoRequest())

    def has_data_set(self, urn: str) -> bool:
        return self._metadata_call(self._stub.HasDataSet, pb.HasDataSetRequest(urn=urn)).has_data_set

    def is_ephemeral(self, urn: str) -> bool:
        return self._metadata_call(self._stub.IsEphemeral, pb.IsEphemeralRequest(urn=urn)).is_ephemeral

    def dependencies(self, urn: str) -> list[str]:
        return list(self._metadata_call(self._stub.GetDependencies,
                                        pb.GetDependenciesRequest(urn=urn)).dependency_urns)

    def dataset_hash(self, urn: str, include_super_class: bool = False) -> str:
        request = pb.GetDataSetHashRequest(urn=urn, include_super_class=include_super_class)
        return self._metadata_call(self._stub.GetDataSetHash, request).hash

    def output_modules(self, stage: str) -> list[str]:
        return list(self._metadata_call(self._stub.GetOutputModulesForStage,
                                        pb.GetOutputModulesForStageRequest(stage=stage)).urns)

    def list_data_sets(self, stage: str | None = None) -> list[str]:
        return list(self._metadata_call(self._stub.ListDataSets, pb.ListDataSetsRequest(stage=stage)).urns)

    def dqm_policy(self, urn: str) -> pb.DqmPolicy:
        return self._metadata_call(self._stub.GetDqmPolicy, pb.GetDqmPolicyRequest(urn=urn)).policy

    def metadata(self, urns: Sequence[str], include_dependency_closure: bool = False) -> list[pb.DataSetMetadata]:
        request = pb.BatchGetMetadataRequest(urns=urns, include_dependency_closure=include_dependency_closure)
        return list(self._metadata_call(self._stub.BatchGetMetadata, request).data_sets)

    def get_data_frame(self, urn: str, dependencies: Mapping[str, str], run_id: str,
                       run_config: Mapping[str, str] | None = None) -> pb.RunDataSetResponse:
        """Runs `urn` on the DataFrames behind `dependencies` ({urn: handle id}); never retried."""
        return self._call(self._stub.GetDataFrame, _run_request(urn, dependencies, run_id, run_config),
                          self._run_deadline)

    def rerun(self, urn: str, dependencies: Mapping[str, str], run_id: str,
              run_config: Mapping[str, str] | None = None) -> pb.RunDataSetResponse:
        """Reloads the server's code, then runs `urn`; never retried."""
        return self._call(self._stub.Rerun, _run_request(urn, dependencies, run_id, run_config),
                          self._run_deadline)

    def health(self, service: str = "") -> str:
        """The health status name (e.g. "SERVING") of `service` ("" for the whole server)."""
        response = self._metadata_call(self._health.Check, health_pb2.HealthCheckRequest(service=service))
        return str(health_pb2.HealthCheckResponse.ServingStatus.Name(response.status))

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> RepositoryClient:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _metadata_call(self, method: Callable[..., T], request: Any) -> T:
        """An idempotent call: retried with backoff while the server is UNAVAILABLE, until `retry_for` has passed."""
        give_up = time.monotonic() + self._retry_for
        backoff = self._backoff
        while True:
            try:
                return method(request, timeout=self._deadline, metadata=self._metadata)
            except grpc.RpcError as exc:
                if exc.code() != grpc.StatusCode.UNAVAILABLE or time.monotonic() + backoff > give_up:
                    raise self._error(exc) from exc
            time.sleep(backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF_SECONDS)

    def _call(self, method: Callable[..., T], request: Any, deadline: float) -> T:
        try:
            return method(request, timeout=deadline, metadata=self._metadata)
        except grpc.RpcError as exc:
            raise self._error(exc) from exc

    def _error(self, exc: grpc.RpcError) -> RepositoryCallError:
        """The call's error; a plaintext client that cannot reach a TCP server is told TLS may be why."""
        error = RepositoryCallError.from_rpc_error(exc)
        if error.code == grpc.StatusCode.UNAVAILABLE and self._tls is None and not self.target.startswith("unix:"):
            error = RepositoryCallError(error.code, f"{error.message} (repository server {self.target}; "
                                        f"{PLAINTEXT_HINT})", error.reason, error.metadata, error.traceback)
        return error


def _run_request(urn: str, dependencies: Mapping[str, str], run_id: str,
                 run_config: Mapping[str, str] | None) -> pb.RunDataSetRequest:
    return pb.RunDataSetRequest(urn=urn, run_id=run_id, run_config=dict(run_config or {}),
                                dependencies={u: pb.DataFrameHandle(id=h) for u, h in dependencies.items()})
