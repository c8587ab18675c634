"""EDD from Python (issue 16): SMV's report text for SMV's own example (the same files
EddHelpersSpec checks the Scala helpers against), the figures as a DataFrame, one Spark job
per call, and bad input."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from pyspark.errors import AnalysisException, IllegalArgumentException
from pyspark.sql import DataFrame, SparkSession

from smv.helpers import install

install()  # SMV's helpers onto pyspark's DataFrame, as importing smv's API does

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "edd"


def expected(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def df(spark: SparkSession) -> DataFrame:
    return (spark.read.schema("k STRING, t INT, p STRING, v DOUBLE, d TIMESTAMP, b BOOLEAN")
            .option("timestampFormat", "yyyy-MM-dd HH:mm:ss").csv(str(FIXTURES / "input.csv")))


@pytest.mark.parametrize("name, call", [
    ("smvEdd", lambda df: df.smvEdd()),
    ("smvHist", lambda df: df.smvHist("k", "t")),
    ("smvFreqHist", lambda df: df.smvFreqHist("k")),
    ("smvBinHist", lambda df: df.smvBinHist(("v", 1))),
    ("smvConcatHist", lambda df: df.smvConcatHist(["k", "t"])),
    ("smvCountHist", lambda df: df.smvCountHist("k")),
])
def test_each_helper_prints_smvs_report(df: DataFrame, capsys: pytest.CaptureFixture[str], name: str,
                                        call: object) -> None:
    call(df)  # type: ignore[operator]
    assert capsys.readouterr().out == expected(name)


def test_the_figures_come_as_a_dataframe(df: DataFrame) -> None:
    stats = {r["taskName"]: r["value"] for r in df.smvEddDF("t").collect()}
    assert stats == {"cnt": "4", "nct": "0", "avg": "2.25", "std": "1.8929694486000912", "min": "1.0", "max": "5.0"}
    assert [(r["key"], r["count"]) for r in df.smvFreqHistDF("k").collect()] == [("z", 3), ("a", 1)]
    assert [(r["key"], r["count"]) for r in df.smvCountHistDF(["k"], 1).collect()] == [("1.0", 1), ("3.0", 1)]
    assert df.smvBinHistDF(("v", 1.0)).columns == ["colName", "taskType", "taskName", "taskDesc", "value", "key",
                                                   "count"]


def test_edd_compare_and_save(df: DataFrame, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    df.smvEddCompare(df.toDF("k2", "t2", "p2", "v2", "d2", "b2"), True)
    df.smvEddCompare(df.withColumn("t", df["t"] * 2))
    assert capsys.readouterr().out.splitlines() == [
        "Matched", "Not Match", "not equal: t, stat, avg, Average", "not equal: t, stat, std, Standard Deviation",
        "not equal: t, stat, min, Min", "not equal: t, stat, max, Max"]
    report = tmp_path / "edd.txt"
    df.smvHistSave("k", "t", path=report.as_uri())
    assert report.read_text(encoding="utf-8") == expected("smvHist")


def _jobs_of(spark: SparkSession, group: str) -> int:
    return len(spark.sparkContext.statusTracker().getJobIdsForGroup(group))


def test_every_statistic_of_a_call_comes_from_one_spark_job(spark: SparkSession, df: DataFrame,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    sc = spark.sparkContext
    try:
        sc.setJobGroup("py-edd-summary", "smvEdd")
        df.smvEdd()
        sc.setJobGroup("py-edd-hist", "smvHist")
        df.smvHist("k", "t", "b")
        sc.setJobGroup("py-edd-marker", "every earlier job is known once this one is")
        spark.range(1).collect()
        deadline = time.monotonic() + 60
        while _jobs_of(spark, "py-edd-marker") == 0:  # the status listener sees jobs in order
            assert time.monotonic() < deadline, "the marker job never reached the status tracker"
            time.sleep(0.05)
        assert (_jobs_of(spark, "py-edd-summary"), _jobs_of(spark, "py-edd-hist")) == (1, 1)
    finally:
        sc.setLocalProperty("spark.jobGroup.id", None)  # type: ignore[arg-type]
    capsys.readouterr()


def test_bad_input(df: DataFrame) -> None:
    with pytest.raises(AnalysisException, match="nope"):
        df.smvEdd("nope")
    with pytest.raises(TypeError, match=r"smvBinHist takes \(column name, bin size\) tuples.*smvBinHist\(\*colWithBin"):
        df.smvBinHist("v")
    with pytest.raises(TypeError, match=r"smvEdd takes column names as strings"):
        df.smvEdd(df["k"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"smvCountHist takes an int binSize"):
        df.smvCountHist("k", "1")  # type: ignore[arg-type]
    with pytest.raises(IllegalArgumentException, match="smvHist cannot make a histogram of column 'xs'"):
        df.sparkSession.sql("select array(1) as xs").smvHist("xs")
