"""Issue 2's first path through the bridge, built by hand so every part is visible:
a SparkSession with the jar, the Python repository server in a thread on a Unix
socket, the JVM SmvApp with a GrpcDataSetRepository pointing at that socket, and
runModule on a Python module that depends on another Python module."""
from __future__ import annotations

import re
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

import grpc
import pytest
from google.protobuf.message import Message
from pyspark.sql import DataFrame, SparkSession

from smv.app.config import load_app_config
from smv.repository.python_repository import PythonDataSetRepository
from smv.spark.jvm import handle_count, jvm_of, to_java_list, to_java_map
from smv.transport.server import RepositoryServer

HELLO = Path(__file__).resolve().parents[1] / "fixtures" / "apps" / "hello"
ROW_VALUES = ("zebra-7781", "heron-5523", "snail-9034", "ZEBRA-7781", "HERON-5523", "SNAIL-9034")
HANDLE = re.compile(r"^df-[0-9a-f-]{36}$")


class RecordingInterceptor(grpc.ServerInterceptor):
    """Records (method, request, response) of every unary call the server answers."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Message, Message]] = []
        self._lock = threading.Lock()

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        handler = continuation(details)
        if handler is None or handler.unary_unary is None:
            return handler
        method, inner = details.method.rsplit("/", 1)[-1], handler.unary_unary

        def recorded(request: Message, context: grpc.ServicerContext) -> Message:
            response = inner(request, context)
            with self._lock:
                self.calls.append((method, request, response))
            return response

        return grpc.unary_unary_rpc_method_handler(recorded, handler.request_deserializer,
                                                   handler.response_serializer)

    def methods(self) -> list[str]:
        return [m for m, _, _ in self.calls]


@pytest.fixture()
def hello_run(spark: SparkSession, tmp_path: Path) -> Iterator[tuple[list[Any], RecordingInterceptor, int]]:
    config = load_app_config(HELLO, {"smv.outputDir": str(tmp_path / "output")})
    sys.path.insert(0, str(config.python_dir))
    recorder = RecordingInterceptor()
    repository = PythonDataSetRepository(config.stages, str(config.input_dir), spark)
    handles_before = handle_count(spark)
    with RepositoryServer(repository, interceptors=[recorder]) as server:
        assert server.address.startswith("unix:")
        jvm = jvm_of(spark)
        grpc_repository = jvm.smv.grpc.GrpcDataSetRepository.connect(server.address, server.token)
        conf = {**config.props, "smv.appDir": str(config.app_dir), "smv.outputDir": str(tmp_path / "output")}
        japp = jvm.smv.driver.SmvApp.create(spark._jsparkSession, to_java_map(spark, conf),
                                     to_java_list(spark, [grpc_repository]))
        try:
            rows = DataFrame(japp.runModule("urn:smv:mod:hello.mods.Shout"), spark).collect()
        finally:
            japp.close()
    sys.path.remove(str(config.python_dir))
    yield rows, recorder, handle_count(spark) - handles_before


def test_the_jvm_runs_a_python_module_through_the_grpc_server(hello_run: tuple[list[Any], RecordingInterceptor, int]) -> None:
    rows, _, _ = hello_run
    assert sorted((r.name, r.legs) for r in rows) == [("HERON-5523", 2), ("SNAIL-9034", 0), ("ZEBRA-7781", 4)]


def test_the_jvm_asked_for_dependencies_and_ran_both_datasets(hello_run: tuple[list[Any], RecordingInterceptor, int]) -> None:
    _, recorder, _ = hello_run
    methods = recorder.methods()
    metadata = [req for m, req, _ in recorder.calls if m in ("BatchGetMetadata", "GetDependencies")]
    assert metadata, f"the JVM never asked for dependencies: {methods}"
    asked_for_shout_deps = any(
        "urn:smv:mod:hello.mods.Shout" in list(getattr(req, "urns", [])) + [getattr(req, "urn", "")]
        for req in metadata)
    assert asked_for_shout_deps
    runs = [req.urn for m, req, _ in recorder.calls if m == "GetDataFrame"]
    assert runs == ["urn:smv:mod:hello.mods.Animals", "urn:smv:mod:hello.mods.Shout"]


def test_only_handles_cross_the_wire(hello_run: tuple[list[Any], RecordingInterceptor, int]) -> None:
    _, recorder, _ = hello_run
    runs = [(req, resp) for m, req, resp in recorder.calls if m == "GetDataFrame"]
    shout_request = runs[1][0]
    assert dict(shout_request.dependencies).keys() == {"urn:smv:mod:hello.mods.Animals"}
    assert all(HANDLE.match(h.id) for h in shout_request.dependencies.values())
    assert all(HANDLE.match(resp.result.id) for _, resp in runs)
    for method, request, response in recorder.calls:
        for message in (request, response):
            wire = message.SerializeToString()
            assert not any(v.encode() in wire for v in ROW_VALUES), f"row data in {method}: {message}"
            assert len(wire) < 2048, f"{method} carried {len(wire)} bytes"


def test_the_runs_handles_are_released_when_it_ends(hello_run: tuple[list[Any], RecordingInterceptor, int]) -> None:
    _, _, handles_left = hello_run
    assert handles_left == 0
