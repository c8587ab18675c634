"""EDD: summary statistics and histograms (smvEdd, smvHist, ...), proxies over smv.helpers.EddHelpers.

The JVM computes every figure of a call in one Spark job and renders SMV's report; Python prints
the report (so it shows where Python's output goes: a notebook, a terminal) or wraps the figures'
DataFrame (`smvEddDF`, `smvHistDF`, ...: columns colName, taskType, taskName, taskDesc, value, key,
count). The `*Save` variants write the report to a Hadoop path given as `path=`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Union

from pyspark.sql import DataFrame

from smv.helpers.install import install_when_ready
from smv.helpers.convert import as_df, jvm, jvm_errors, to_seq, wrap_df

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject

ColumnNames = Union[str, Sequence[str]]


def _names(helper: str, usage: str, values: Sequence[Any]) -> list[str]:
    """Column names, or a TypeError naming the helper and what it takes."""
    for v in values:
        if not isinstance(v, str):
            raise TypeError(f"{helper} takes column names as strings, got {type(v).__name__} {v!r}: {usage}")
    return list(values)


def _key_list(helper: str, usage: str, keys: ColumnNames) -> list[str]:
    if isinstance(keys, str):
        return [keys]
    if not isinstance(keys, Sequence) or not keys:
        raise TypeError(f"{helper} takes a column name or a non-empty list of column names: {usage}")
    return _names(helper, usage, keys)


def _bins(helper: str, usage: str, col_with_bin: Sequence[Any]) -> list[tuple[str, float]]:
    out = []
    for pair in col_with_bin:
        if (not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[0], str)
                or isinstance(pair[1], bool) or not isinstance(pair[1], (int, float))):
            raise TypeError(f"{helper} takes (column name, bin size) tuples, got {pair!r}: {usage}")
        out.append((pair[0], float(pair[1])))
    return out


@jvm_errors
def _result(df: DataFrame, method: str, *args: Any) -> "JavaObject":
    """The JVM EddResult of `EddHelpers(df).<method>(*args)`."""
    return getattr(jvm(df).smv.helpers.EddHelpers(df._jdf), method)(*args)


_SUMMARY = "smvEdd(*cols: str)"
_HIST = "smvHist(*cols: str)"
_FREQ = "smvFreqHist(*cols: str)"
_BIN = "smvBinHist(*colWithBin: tuple[str, float])"
_CONCAT = "smvConcatHist(*cols: list[str])"
_COUNT = "smvCountHist(keys: str | list[str], binSize: int = 1)"


def _summary(df: DataFrame, cols: Sequence[Any]) -> "JavaObject":
    return _result(df, "eddSummary", to_seq(_names("smvEdd", _SUMMARY, cols)))


def _hist(df: DataFrame, cols: Sequence[Any]) -> "JavaObject":
    return _result(df, "eddHist", to_seq(_names("smvHist", _HIST, cols)))


def _freq_hist(df: DataFrame, cols: Sequence[Any]) -> "JavaObject":
    return _result(df, "eddFreqHist", to_seq(_names("smvFreqHist", _FREQ, cols)))


def _bin_hist(df: DataFrame, col_with_bin: Sequence[Any]) -> "JavaObject":
    tuple2 = jvm(df).scala.Tuple2
    return _result(df, "eddBinHist", to_seq([tuple2(c, b) for c, b in _bins("smvBinHist", _BIN, col_with_bin)]))


def _concat_hist(df: DataFrame, cols: Sequence[Any]) -> "JavaObject":
    groups = [_key_list("smvConcatHist", _CONCAT, c) for c in cols]
    return _result(df, "eddConcatHist", to_seq([to_seq(g) for g in groups]))


def _count_hist(df: DataFrame, keys: ColumnNames, bin_size: int) -> "JavaObject":
    if isinstance(bin_size, bool) or not isinstance(bin_size, int):
        raise TypeError(f"smvCountHist takes an int binSize, got {bin_size!r}: {_COUNT}")
    return _result(df, "eddCountHist", to_seq(_key_list("smvCountHist", _COUNT, keys)), bin_size)


def _save(helper: str, result: "JavaObject", path: Any) -> None:
    if not isinstance(path, str) or not path:
        raise TypeError(f"{helper} needs the report's path as path='...' (a Hadoop path or URI), got {path!r}")
    jvm_errors(result.saveReport)(path)


class EddHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""

    def smvEdd(self, *cols: str) -> None:
        """Prints SMV's EDD summary of `cols` (of every column when none is named)."""
        df = as_df(self)
        print(_summary(df, cols).report())

    def smvEddDF(self, *cols: str) -> DataFrame:
        """smvEdd's figures as a DataFrame."""
        df = as_df(self)
        return wrap_df(_summary(df, cols).toDF(), df)

    def smvEddSave(self, *cols: str, path: str) -> None:
        """Writes smvEdd's report to `path`."""
        df = as_df(self)
        _save("smvEddSave", _summary(df, cols), path)

    def smvHist(self, *cols: str) -> None:
        """Prints a histogram of each column: strings by key, numbers in bins of 100, booleans."""
        df = as_df(self)
        print(_hist(df, cols).report())

    def smvHistDF(self, *cols: str) -> DataFrame:
        """smvHist's figures as a DataFrame."""
        df = as_df(self)
        return wrap_df(_hist(df, cols).toDF(), df)

    def smvHistSave(self, *cols: str, path: str) -> None:
        """Writes smvHist's report to `path`."""
        df = as_df(self)
        _save("smvHistSave", _hist(df, cols), path)

    def smvFreqHist(self, *cols: str) -> None:
        """Prints smvHist's histograms, strings sorted by frequency (highest first)."""
        df = as_df(self)
        print(_freq_hist(df, cols).report())

    def smvFreqHistDF(self, *cols: str) -> DataFrame:
        """smvFreqHist's figures as a DataFrame."""
        df = as_df(self)
        return wrap_df(_freq_hist(df, cols).toDF(), df)

    def smvFreqHistSave(self, *cols: str, path: str) -> None:
        """Writes smvFreqHist's report to `path`."""
        df = as_df(self)
        _save("smvFreqHistSave", _freq_hist(df, cols), path)

    def smvBinHist(self, *colWithBin: tuple[str, float]) -> None:
        """Prints histograms of numeric columns in bins of the given sizes: smvBinHist(("v", 10))."""
        df = as_df(self)
        print(_bin_hist(df, colWithBin).report())

    def smvBinHistDF(self, *colWithBin: tuple[str, float]) -> DataFrame:
        """smvBinHist's figures as a DataFrame."""
        df = as_df(self)
        return wrap_df(_bin_hist(df, colWithBin).toDF(), df)

    def smvBinHistSave(self, *colWithBin: tuple[str, float], path: str) -> None:
        """Writes smvBinHist's report to `path`."""
        df = as_df(self)
        _save("smvBinHistSave", _bin_hist(df, colWithBin), path)

    def smvConcatHist(self, *cols: Sequence[str]) -> None:
        """Prints the joint histogram of each list of columns (values joined by "_")."""
        df = as_df(self)
        print(_concat_hist(df, cols).report())

    def smvConcatHistDF(self, *cols: Sequence[str]) -> DataFrame:
        """smvConcatHist's figures as a DataFrame."""
        df = as_df(self)
        return wrap_df(_concat_hist(df, cols).toDF(), df)

    def smvConcatHistSave(self, *cols: Sequence[str], path: str) -> None:
        """Writes smvConcatHist's report to `path`."""
        df = as_df(self)
        _save("smvConcatHistSave", _concat_hist(df, cols), path)

    def smvCountHist(self, keys: ColumnNames, binSize: int = 1) -> None:
        """Prints the histogram of how many rows each value of `keys` has (column N_<keys>)."""
        df = as_df(self)
        print(_count_hist(df, keys, binSize).report())

    def smvCountHistDF(self, keys: ColumnNames, binSize: int = 1) -> DataFrame:
        """smvCountHist's figures as a DataFrame."""
        df = as_df(self)
        return wrap_df(_count_hist(df, keys, binSize).toDF(), df)

    def smvCountHistSave(self, keys: ColumnNames, binSize: int = 1, *, path: str) -> None:
        """Writes smvCountHist's report to `path`."""
        df = as_df(self)
        _save("smvCountHistSave", _count_hist(df, keys, binSize), path)

    def smvEddCompare(self, df2: DataFrame, ignoreColName: bool = False) -> None:
        """Prints "Matched", or "Not Match" and the figures that differ, of the two EDD summaries."""
        df = as_df(self)
        if not isinstance(df2, DataFrame) or not isinstance(ignoreColName, bool):
            raise TypeError("smvEddCompare takes a DataFrame and a bool: smvEddCompare(df2: DataFrame, "
                            "ignoreColName: bool = False)")
        print(_result(df, "eddCompare", df2._jdf, ignoreColName))


install_when_ready(__name__)  # last: this module's classes exist now (see smv.helpers.install)
