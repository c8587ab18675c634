"""One smv-run asks the Python repository for its dataset list once and for the run's
metadata once, whatever it was asked to do (counted by an interceptor in the real server)."""
from __future__ import annotations

import io
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import grpc
import pytest

import smv.transport.server
from smv.cli import smv_run

HELLO = Path(__file__).resolve().parents[1] / "fixtures" / "apps" / "hello"


class _Recorder(grpc.ServerInterceptor):
    """Records the method of every call the server receives."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def intercept_service(self, continuation: Callable[[grpc.HandlerCallDetails], Any],
                          handler_call_details: grpc.HandlerCallDetails) -> Any:
        self.calls[handler_call_details.method.rsplit("/", 1)[-1]] += 1
        return continuation(handler_call_details)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> _Recorder:
    """Every repository server smv-run starts records the calls it receives."""
    recorder = _Recorder()

    class RecordedServer(smv.transport.server.RepositoryServer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, interceptors=[recorder], **kwargs)

    monkeypatch.setattr(smv.transport.server, "RepositoryServer", RecordedServer)
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", "")  # smv-run sets it; restored after the test
    return recorder


@pytest.mark.parametrize("args", [["-m", "Shout"], ["-m", "mods.Shout", "--dry-run"], ["--run-app"],
                                  ["-s", "hello", "--dry-run"]],
                         ids=["run-module", "dry-run-module", "run-app", "dry-run-stage"])
def test_one_invocation_lists_once_and_asks_metadata_once(
        spark: object, recorder: _Recorder, tmp_path: Path, args: list[str]) -> None:
    app = Path(shutil.copytree(HELLO, tmp_path / "hello", ignore=shutil.ignore_patterns("__pycache__")))
    out, err = io.StringIO(), io.StringIO()
    assert smv_run.main(["--smv-app-dir", str(app), *args], out=out, err=err) == 0, err.getvalue()
    assert "Shout" in out.getvalue()
    assert recorder.calls["ListDataSets"] == 1 and recorder.calls["BatchGetMetadata"] == 1, recorder.calls
    assert recorder.calls["HasDataSet"] == 0, recorder.calls
