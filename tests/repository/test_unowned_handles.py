"""Handles of a run id no run owns do not live forever: a token holder's GetDataFrame with a
made-up run id leaves its result in the JVM registry only until newer made-up runs come (the
registry keeps the newest eight), while a run SmvApp owns keeps its handles until it ends."""
from __future__ import annotations

import uuid

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.sql import SparkSession

from smv.spark import jvm
from smv.spark.jvm import jvm_of
from smv.transport.client import RepositoryClient
from tests.repository.support import mod

RATES = mod("shop_raw.inputs.Rates")


def test_made_up_run_ids_are_released_once_newer_ones_come(spark: SparkSession, run_client: RepositoryClient) -> None:
    handles = jvm_of(spark).smv.driver.DataFrameHandles
    owned = f"owned-{uuid.uuid4()}"
    handles.openRun(owned)
    kept = jvm.register_dataframe(spark, owned, spark.range(1))
    made_up = [f"made-up-{uuid.uuid4()}" for _ in range(handles.MaxUnownedRuns() + 1)]
    try:
        first = run_client.get_data_frame(RATES, {}, made_up[0]).result.id
        assert made_up[0] in list(handles.runIds())
        for run_id in made_up[1:]:
            jvm.register_dataframe(spark, run_id, spark.range(1))
        held = list(handles.runIds())
        assert made_up[0] not in held and all(r in held for r in made_up[1:]), held
        with pytest.raises(Py4JJavaError, match="never registered or its run has ended"):
            jvm.dataframe_from_handle(spark, first)
        assert jvm.dataframe_from_handle(spark, kept).count() == 1  # the owned run's handle stays
    finally:
        for run_id in [owned, *made_up]:
            jvm.release_run(spark, run_id)
