"""df.smvGroupBy(...) and the grouped data it returns (SmvGroupedData).

Thin proxies over the JVM's `smv.helpers.SmvGroupedData`, which defines each operation once.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pyspark.sql import Column, DataFrame, GroupedData

from smv.helpers.install import install_when_ready
from smv.helpers.convert import ColumnOrName, from_seq, jvm, jvm_errors, to_jcols, to_seq, wrap_df
from smv.helpers.panel import PartialTime
from smv.helpers.typed_args import (check_bool, check_columns, check_int, check_name_lists, check_names,
                                    check_nonempty, check_str)

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject


class GroupByHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""

    def smvGroupBy(self: DataFrame, *cols: ColumnOrName) -> "SmvGroupedData":  # type: ignore[misc]
        """Groups by key columns (names or Columns) for SMV's per-group operations: `df.smvGroupBy("k")`."""
        sig = "smvGroupBy(*cols)"
        check_nonempty(sig, "key column", cols)
        check_columns(sig, "each key", cols)
        jgd = jvm_errors(jvm(self).smv.helpers.GroupByHelpers(self._jdf).smvGroupBy)(to_jcols(cols))
        return SmvGroupedData(jgd, self)


def _pivot_args(helper: str, pivotCols: Sequence[Sequence[str]], valueCols: Sequence[str],
                baseOutput: Sequence[str]) -> tuple["JavaObject", "JavaObject", "JavaObject"]:
    sig = f"{helper}(pivotCols, valueCols, baseOutput)"
    sets = check_name_lists(sig, "pivotCols", pivotCols)
    return (to_seq([to_seq(s) for s in sets]), to_seq(check_names(sig, "valueCols", valueCols)),
            to_seq(check_names(sig, "baseOutput", baseOutput)))


def _check_period(sig: str, name: str, value: object) -> "JavaObject":
    if not isinstance(value, PartialTime):
        raise TypeError(f"{sig}: {name} must be a period from smv.panel (Quarter, Month, Day or Week), "
                        f"not {type(value).__name__} {value!r}")
    return value._jpt


class SmvGroupedData:
    """The result of `df.smvGroupBy(*keys)`: SMV's operations on each group of rows sharing the keys."""

    def __init__(self, jgd: "JavaObject", df: DataFrame) -> None:
        self._jgd = jgd
        self._df = df

    @property
    def df(self) -> DataFrame:
        """The grouped rows (SMV 2.2's attribute)."""
        return self.toDF()

    @property
    def keys(self) -> list[str]:
        """The key column names."""
        return [str(k) for k in from_seq(self._jgd.keys())]

    def _wrap(self, jdf: "JavaObject") -> DataFrame:
        return wrap_df(jdf, self._df)

    def toDF(self) -> DataFrame:
        """The grouped rows as they are."""
        return self._wrap(self._jgd.toDF())

    def toGroupedData(self) -> GroupedData:
        """pyspark's own grouped data over the same keys."""
        return GroupedData(self._jgd.toGroupedData(), self.toDF())

    def agg(self, *exprs: Column) -> DataFrame:
        """pyspark's aggregation per group: the keys, then the aggregates."""
        return self.toGroupedData().agg(*exprs)  # type: ignore[arg-type]

    @jvm_errors
    def smvTopNRecs(self, maxElems: int, *orderCols: ColumnOrName) -> DataFrame:
        """The first `maxElems` rows of each group in the given order: `smvTopNRecs(3, col("amt").desc())`."""
        sig = "smvTopNRecs(maxElems, *orderCols)"
        check_nonempty(sig, "order column", orderCols)
        return self._wrap(self._jgd.smvTopNRecs(check_int(sig, "maxElems", maxElems),
                                                to_jcols(check_columns(sig, "each order column", orderCols))))

    @jvm_errors
    def smvPivot(self, pivotCols: Sequence[Sequence[str]], valueCols: Sequence[str],
                 baseOutput: Sequence[str]) -> DataFrame:
        """One column per value column and pivot label (`count_5_14_A`), N rows in, N rows out.

        An empty `baseOutput` reads the labels from the data: a Spark job collecting the distinct labels.
        """
        return self._wrap(self._jgd.smvPivot(*_pivot_args("smvPivot", pivotCols, valueCols, baseOutput)).toDF())

    @jvm_errors
    def smvPivotSum(self, pivotCols: Sequence[Sequence[str]], valueCols: Sequence[str],
                    baseOutput: Sequence[str]) -> DataFrame:
        """`smvPivot`, then each output column summed per group (one row per group)."""
        return self._wrap(self._jgd.smvPivotSum(*_pivot_args("smvPivotSum", pivotCols, valueCols, baseOutput)))

    @jvm_errors
    def smvPivotCoalesce(self, pivotCols: Sequence[Sequence[str]], valueCols: Sequence[str],
                         baseOutput: Sequence[str]) -> DataFrame:
        """`smvPivot`, then the first non-null value of each output column per group."""
        return self._wrap(self._jgd.smvPivotCoalesce(*_pivot_args("smvPivotCoalesce", pivotCols, valueCols,
                                                                   baseOutput)))

    @jvm_errors
    def smvRePartition(self, numParts: int) -> "SmvGroupedData":
        """The rows hash-partitioned by the keys into `numParts` partitions: `smvRePartition(32).agg(...)`."""
        jgd = self._jgd.smvRePartition(check_int("smvRePartition(numParts)", "numParts", numParts))
        return SmvGroupedData(jgd, self._df)

    def smvFillNullWithPrevValue(self, *orderCols: ColumnOrName) -> Callable[..., DataFrame]:
        """Curried: `smvFillNullWithPrevValue(col("T").asc())("V")` fills each null of V with the group's
        previous non-null V in that order."""
        sig = "smvFillNullWithPrevValue(*orderCols)(*valueCols)"
        check_nonempty(sig, "order column", orderCols)
        jorders = to_jcols(check_columns(sig, "each order column", orderCols))

        @jvm_errors
        def fill(*valueCols: str) -> DataFrame:
            check_nonempty(sig, "value column", valueCols)
            return self._wrap(self._jgd.smvFillNullWithPrevValue(jorders, to_seq(check_names(sig, "valueCols",
                                                                                             valueCols))))
        return fill

    @jvm_errors
    def smvWithTimePanel(self, time_col: str, start: PartialTime, end: PartialTime) -> DataFrame:
        """Adds each row's period (`smvTime`) in the panel `start`..`end`, drops rows outside it, and adds a
        row (keys, smvTime, the rest null) for each period a group lacks."""
        sig = "smvWithTimePanel(time_col, start, end)"
        return self._wrap(self._jgd.smvWithTimePanel(check_str(sig, "time_col", time_col),
                                                     _check_period(sig, "start", start), _check_period(sig, "end", end)))

    def smvTimePanelAgg(self, time_col: str, start: PartialTime, end: PartialTime) -> Callable[..., DataFrame]:
        """Curried: `smvTimePanelAgg("TS", Quarter(2012, 1), Quarter(2012, 2))(F.sum("V").alias("V"))`
        aggregates per key and period of the panel."""
        sig = "smvTimePanelAgg(time_col, start, end)(*aggs)"
        args = (check_str(sig, "time_col", time_col), _check_period(sig, "start", start),
                _check_period(sig, "end", end))

        @jvm_errors
        def aggregate(*aggs: Column) -> DataFrame:
            check_nonempty(sig, "aggregate", aggs)
            for a in aggs:
                if not isinstance(a, Column):
                    raise TypeError(f"{sig}: each aggregate must be a Column, e.g. F.sum('V'), not {type(a).__name__}")
            return self._wrap(self._jgd.smvTimePanelAgg(*args, to_jcols(aggs)))
        return aggregate

    @jvm_errors
    def smvPercentRank(self, value_cols: Sequence[str], ignoreNull: bool = True) -> DataFrame:
        """Adds `<v>_pctrnk`, each value's percent rank in its group (nulls null unless ignoreNull is False)."""
        sig = "smvPercentRank(value_cols, ignoreNull)"
        return self._wrap(self._jgd.smvPercentRank(to_seq(check_names(sig, "value_cols", value_cols)),
                                                   check_bool(sig, "ignoreNull", ignoreNull)))

    @jvm_errors
    def smvQuantile(self, value_cols: Sequence[str], bin_num: int, ignoreNull: bool = True) -> DataFrame:
        """Adds `<v>_quantile`, each value's bin (1 to bin_num) in its group, from its percent rank."""
        sig = "smvQuantile(value_cols, bin_num, ignoreNull)"
        return self._wrap(self._jgd.smvQuantile(to_seq(check_names(sig, "value_cols", value_cols)),
                                                check_int(sig, "bin_num", bin_num),
                                                check_bool(sig, "ignoreNull", ignoreNull)))

    def smvDecile(self, value_cols: Sequence[str], ignoreNull: bool = True) -> DataFrame:
        """`smvQuantile(value_cols, 10, ignoreNull)`."""
        return self.smvQuantile(value_cols, 10, ignoreNull)


install_when_ready(__name__)  # last: this module's classes exist now (see smv.helpers.install)
