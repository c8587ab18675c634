"""Rerun picks up edited source without restarting the server."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from pyspark.sql import SparkSession

from tests.repository.support import call_error, mod
from smv.repository.python_repository import PythonDataSetRepository
from smv.spark import jvm
from smv.transport.client import RepositoryClient
from smv.transport.server import RepositoryServer

ANSWER, CHILD = mod("editable_stage.mods.Answer"), mod("editable_stage.mods.Child")
THINGS, OTHER = mod("editable_stage.mods.Things"), mod("editable_stage.mods.Other")


@pytest.fixture
def editable_client(editable: Path, spark: SparkSession) -> Iterator[RepositoryClient]:
    repository = PythonDataSetRepository(["editable_stage"], str(editable / "data" / "input"), spark)
    with RepositoryServer(repository) as server:
        with RepositoryClient(server.address, server.token, run_deadline=120) as client:
            yield client


def answers(spark: SparkSession, handle: str) -> list[int]:
    return [r.answer for r in jvm.dataframe_from_handle(spark, handle).orderBy("id").collect()]


def test_rerun_sees_an_edited_module_file_without_restarting(
        spark: SparkSession, editable: Path, editable_client: RepositoryClient) -> None:
    run_id = f"rerun-{uuid.uuid4()}"
    try:
        things = editable_client.get_data_frame(THINGS, {}, run_id).result.id
        assert answers(spark, editable_client.get_data_frame(ANSWER, {THINGS: things}, run_id).result.id) == [1, 1]
        before = {u: editable_client.dataset_hash(u, True) for u in (ANSWER, CHILD, THINGS, OTHER)}

        # Same size, same mtime: only the text differs, so no cached bytecode can hide the edit.
        mods = editable / "src/main/python/editable_stage/mods.py"
        stat = mods.stat()
        mods.write_text(mods.read_text().replace('"1 as answer"', '"7 as answer"'))
        os.utime(mods, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert mods.stat().st_size == stat.st_size
        (editable / "src/main/python/editable_stage/extra.py").write_text(
            "from smv import SmvModule\n\n\nclass Extra(SmvModule):\n    def run(self, i):\n        return None\n")

        # GetDataFrame keeps running the loaded code; Rerun reloads it.
        assert answers(spark, editable_client.get_data_frame(ANSWER, {THINGS: things}, run_id).result.id) == [1, 1]
        assert answers(spark, editable_client.rerun(ANSWER, {THINGS: things}, run_id).result.id) == [7, 7]

        after = {u: editable_client.dataset_hash(u, True) for u in before}
        assert after[ANSWER] != before[ANSWER]
        assert {u: h for u, h in after.items() if u != ANSWER} == {u: h for u, h in before.items() if u != ANSWER}
        assert mod("editable_stage.extra.Extra") in editable_client.list_data_sets()
    finally:
        jvm.release_run(spark, run_id)


def test_rerun_after_breaking_a_file_reports_it_and_recovers_once_fixed(
        spark: SparkSession, editable: Path, editable_client: RepositoryClient) -> None:
    run_id = f"rerun-{uuid.uuid4()}"
    mods = editable / "src/main/python/editable_stage/mods.py"
    good = mods.read_text()
    try:
        things = editable_client.get_data_frame(THINGS, {}, run_id).result.id
        mods.write_text(good.replace("class Answer(SmvModule):", "class Answer(SmvModule)"))
        error = call_error(editable_client.rerun, ANSWER, {THINGS: things}, run_id)
        assert error.code == grpc.StatusCode.UNKNOWN and error.metadata["exception_type"] == "SyntaxError"
        assert "editable_stage.mods" in error.message
        assert editable_client.server_info().stages == ["editable_stage"]

        mods.write_text(good)
        assert answers(spark, editable_client.rerun(ANSWER, {THINGS: things}, run_id).result.id) == [1, 1]
    finally:
        jvm.release_run(spark, run_id)
