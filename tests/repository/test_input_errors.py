"""A missing or invalid input file is FAILED_PRECONDITION naming the file and the dataset."""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterator

import grpc
import pytest
from tests.repository.support import call_error, mod
from pyspark.sql import SparkSession

from smv.repository.python_repository import PythonDataSetRepository
from smv.spark import jvm
from smv.transport.client import RepositoryClient
from smv.transport.server import RepositoryServer

THINGS = mod("editable_stage.mods.Things")


@pytest.fixture
def client(editable: Path, spark: SparkSession) -> Iterator[RepositoryClient]:
    repository = PythonDataSetRepository(["editable_stage"], str(editable / "data" / "input"), spark)
    with RepositoryServer(repository) as server, RepositoryClient(server.address, server.token) as c:
        yield c


@pytest.mark.parametrize("missing, named", [("things.csv", "data file"), ("things.schema", "schema file")])
def test_a_missing_data_or_schema_file_is_named(client: RepositoryClient, editable: Path, missing: str,
                                                named: str) -> None:
    path = editable / "data" / "input" / missing
    path.unlink()
    error = call_error(client.dataset_hash, THINGS)
    assert error.code == grpc.StatusCode.FAILED_PRECONDITION and error.reason == "INPUT_ERROR"
    assert f"{named} {path}" in error.message and "editable_stage.mods.Things" in error.message
    assert client.server_info().stages


def test_an_invalid_schema_fails_the_run_naming_the_line(client: RepositoryClient, editable: Path) -> None:
    (editable / "data" / "input" / "things.schema").write_text("@has-header = true\nid: String\nn: Int\n")
    error = call_error(client.get_data_frame, THINGS, {}, f"run-{uuid.uuid4()}")
    assert error.code == grpc.StatusCode.FAILED_PRECONDITION
    assert error.metadata["exception_type"] == "smv.api.schema.SchemaError"
    assert "things.schema, entry 3: unknown type 'Int' for column 'n'" in error.message


def test_an_input_file_needs_an_input_dir(editable: Path) -> None:
    repository = PythonDataSetRepository(["editable_stage"], None, None)
    with RepositoryServer(repository) as server, RepositoryClient(server.address, server.token) as client:
        error = call_error(client.metadata, [THINGS])
        assert error.code == grpc.StatusCode.FAILED_PRECONDITION and "smv.inputDir" in error.message


def test_data_in_a_folder_of_part_files(client: RepositoryClient, editable: Path, spark: SparkSession) -> None:
    inputs = editable / "data" / "input"
    folder = inputs / "things"
    folder.mkdir()
    (inputs / "things.csv").rename(folder / "part-0.csv")
    (folder / "part-1.csv").write_text("id,n\nz,3\n")
    mods = editable / "src/main/python/editable_stage/mods.py"
    mods.write_text(mods.read_text().replace('return "things.csv"', 'return "things"'))
    run_id = f"run-{uuid.uuid4()}"
    try:
        response = client.rerun(THINGS, {}, run_id)
        rows = jvm.dataframe_from_handle(spark, response.result.id).orderBy("id").collect()
        assert [(r.id, r.n) for r in rows] == [("x", 1), ("y", 2), ("z", 3)]
        before = client.dataset_hash(THINGS)
        (folder / "part-2.csv").write_text("id,n\n")
        assert client.dataset_hash(THINGS) != before
    finally:
        jvm.release_run(spark, run_id)
