"""DataFrame helpers (smvSelectPlus, smvJoinByKey, smvDedupByKey, ...): SMV 2.2's names and
argument forms, each a thin proxy over the same helper in Scala (`smv.helpers.DataFrameHelpers`)."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pyspark.sql import Column, DataFrame

from smv.helpers.install import install_when_ready
from smv.helpers import arguments as args
from smv.helpers.convert import (ColumnOrName, jvm, jvm_errors, to_jcol, to_jcols, to_jdfs, to_pairs, to_seq,
                                 wrap_df)
from smv.helpers.multijoin import SmvMultiJoin
from smv.spark.jvm import jvm_class

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject

    _DataFrameBase = DataFrame
else:
    _DataFrameBase = object


class DataFrameHelper(_DataFrameBase):
    """Methods put on pyspark's DataFrame by smv.helpers.install() (`self` is the DataFrame)."""

    @jvm_errors
    def smvSelectPlus(self, *cols: ColumnOrName) -> DataFrame:
        """Every column plus `cols`, added at the end: `df.smvSelectPlus((col("price") * col("n")).alias("amt"))`."""
        cols = tuple(args.columns("smvSelectPlus", "*cols: str or Column", cols))
        return wrap_df(_helper(self).smvSelectPlus(to_jcols(cols)), self)

    @jvm_errors
    def smvSelectMinus(self, *cols: ColumnOrName) -> DataFrame:
        """Every column but `cols`: `df.smvSelectMinus("col1", col("col2"))`."""
        cols = tuple(args.columns("smvSelectMinus", "*cols: str or Column, at least one", cols))
        return wrap_df(_helper(self).smvSelectMinus(to_jcols(cols)), self)

    @jvm_errors
    def smvRenameField(self, *namePairs: tuple[str, str]) -> DataFrame:
        """Renames columns, keeping their metadata: `df.smvRenameField(("a", "aa"), ("c", "cc"))`."""
        args.expect(bool(namePairs) and all(isinstance(p, tuple) and len(p) == 2 and all(isinstance(n, str) for n in p)
                                            for p in namePairs),
                    "smvRenameField", "*namePairs: (old: str, new: str) tuples", namePairs)
        return wrap_df(_helper(self).smvRenameField(to_pairs(namePairs)), self)

    @jvm_errors
    def smvPrefixFieldNames(self, prefix: str) -> DataFrame:
        """Puts `prefix` before every column name: `df.smvPrefixFieldNames("x_")`."""
        args.expect(isinstance(prefix, str), "smvPrefixFieldNames", "prefix: str", prefix)
        return wrap_df(_helper(self).smvPrefixFieldNames(prefix), self)

    @jvm_errors
    def smvExpandStruct(self, *cols: str) -> DataFrame:
        """Replaces struct columns by their fields: `df.smvExpandStruct("address")`."""
        names = args.names("smvExpandStruct", "*cols: str", cols)
        return wrap_df(_helper(self).smvExpandStruct(to_seq(names)), self)

    @jvm_errors
    def smvUnion(self, *dfothers: DataFrame) -> DataFrame:
        """Union by column name, a column missing on one side null there: `df.smvUnion(df2, df3)`."""
        others = args.dataframes("smvUnion", "*dfothers: DataFrame", dfothers)
        return wrap_df(_helper(self).smvUnion(to_jdfs(others)), self)

    @jvm_errors
    def smvJoinByKey(self, other: DataFrame, keys: list[str], joinType: str) -> DataFrame:
        """Join on same-named keys, one copy of them: `df1.smvJoinByKey(df2, ["k"], "inner")`."""
        signature = "other: DataFrame, keys: list of str, joinType: str"
        args.expect(isinstance(other, DataFrame) and isinstance(joinType, str), "smvJoinByKey", signature,
                    (other, keys, joinType))
        names = args.name_list("smvJoinByKey", signature, keys)
        return wrap_df(_helper(self).smvJoinByKey(other._jdf, to_seq(names), joinType), self)

    @jvm_errors
    def smvJoinMultipleByKey(self, keys: list[str], joinType: str = "inner") -> SmvMultiJoin:
        """A join of several DataFrames on the same keys:
        `df.smvJoinMultipleByKey(["k"], "inner").joinWith(df2, "_df2").doJoin()`."""
        signature = "keys: list of str, joinType: str = 'inner'"
        names = args.name_list("smvJoinMultipleByKey", signature, keys)
        args.expect(isinstance(joinType, str), "smvJoinMultipleByKey", signature, (keys, joinType))
        return SmvMultiJoin(_helper(self).smvJoinMultipleByKey(to_seq(names), joinType), self)

    @jvm_errors
    def smvSkewJoinByKey(self, other: DataFrame, joinType: str, skewVals: list[Any], key: str) -> DataFrame:
        """smvJoinByKey broadcasting the rows keyed by skewed values:
        `df.smvSkewJoinByKey(df2, "inner", ["9999999"], "cid")`."""
        args.expect(isinstance(other, DataFrame) and isinstance(joinType, str) and isinstance(skewVals, (list, tuple))
                    and isinstance(key, str), "smvSkewJoinByKey",
                    "other: DataFrame, joinType: str, skewVals: list, key: str", (other, joinType, skewVals, key))
        return wrap_df(_helper(self).smvSkewJoinByKey(other._jdf, joinType, to_seq(skewVals), key), self)

    @jvm_errors
    def smvDedupByKey(self, *keys: ColumnOrName) -> DataFrame:
        """One row (any) per key: `df.smvDedupByKey("id")`."""
        keys = tuple(args.columns("smvDedupByKey", "*keys: str or Column, at least one", keys))
        return wrap_df(_helper(self).smvDedupByKey(to_jcols(keys)), self)

    def smvDedupByKeyWithOrder(self, *keys: ColumnOrName) -> Callable[..., DataFrame]:
        """The first row per key in an order: `df.smvDedupByKeyWithOrder("id")(col("t").desc())`."""
        key_cols = args.columns("smvDedupByKeyWithOrder", "*keys: str or Column, at least one)(*orderCols: Column",
                                keys)

        @jvm_errors
        def with_order(*orderCols: ColumnOrName) -> DataFrame:
            order = args.columns("smvDedupByKeyWithOrder", "*keys)(*orderCols: str or Column, at least one", orderCols)
            return wrap_df(_helper(self).smvDedupByKeyWithOrder(to_jcols(key_cols), to_jcols(order)), self)

        return with_order

    @jvm_errors
    def smvUnpivot(self, *cols: str) -> DataFrame:
        """Value columns to (column, value) rows: `df.smvUnpivot("X", "Y", "Z")`."""
        names = args.names("smvUnpivot", "*cols: str", cols)
        return wrap_df(_helper(self).smvUnpivot(to_seq(names)), self)

    @jvm_errors
    def smvUnpivotRegex(self, cols: list[str], colNameFn: str, indexColName: str = "Index") -> DataFrame:
        """Columns like A_1 to (index, A, ...) rows: `df.smvUnpivotRegex(["A_1", "A_2"], "(.*)_(.*)", "index")`."""
        signature = "cols: list of str, colNameFn: regex str of two groups, indexColName: str = 'Index'"
        names = args.name_list("smvUnpivotRegex", signature, cols)
        args.expect(isinstance(colNameFn, str) and isinstance(indexColName, str), "smvUnpivotRegex", signature,
                    (cols, colNameFn, indexColName))
        return wrap_df(_helper(self).smvUnpivotRegex(to_seq(names), colNameFn, indexColName), self)

    @jvm_errors
    def smvHashSample(self, key: ColumnOrName, rate: float = 0.01, seed: int = 23) -> DataFrame:
        """The rows whose key hashes into `rate` of the range: `df.smvHashSample(col("key"), rate=0.1, seed=123)`."""
        args.expect(isinstance(key, (str, Column)) and isinstance(rate, (int, float)) and args.integer(seed),
                    "smvHashSample", "key: str or Column, rate: float = 0.01, seed: int = 23", (key, rate, seed))
        return wrap_df(_helper(self).smvHashSample(to_jcol(key), float(rate), seed), self)

    @jvm_errors
    def topNValsByFreq(self, n: int, col: ColumnOrName) -> list[Any]:
        """The n most frequent values of a column: `df.topNValsByFreq(1, col("cid"))`."""
        args.expect(args.integer(n) and isinstance(col, (str, Column)), "topNValsByFreq", "n: int, col: str or Column",
                    (n, col))
        return [row[0] for row in wrap_df(_helper(self).topNValsByFreqDF(n, to_jcol(col)), self).collect()]

    def smvOverlapCheck(self, keyColName: str) -> Callable[..., DataFrame]:
        """Which DataFrames have each key, as a bit string: `df1.smvOverlapCheck("key")(df2, df3)`."""
        args.expect(isinstance(keyColName, str), "smvOverlapCheck", "keyColName: str)(*dfs: DataFrame", keyColName)

        @jvm_errors
        def check(*dfothers: DataFrame) -> DataFrame:
            others = args.dataframes("smvOverlapCheck", "keyColName)(*dfs: DataFrame, at least one", dfothers)
            return wrap_df(_helper(self).smvOverlapCheck(keyColName, to_jdfs(others)), self)

        return check

    @jvm_errors
    def smvDiscoverPK(self, n: int = 10000) -> None:
        """Prints a column combination that identifies each of the first n rows, and its distinct count."""
        args.expect(args.integer(n), "smvDiscoverPK", "n: int = 10000", n)
        found = _helper(self).smvDiscoverPK(n)
        _println(f"[{found._1().mkString(', ')}], {found._2()}")

    @jvm_errors
    def smvExportCsv(self, path: str, n: int | None = None) -> None:
        """Writes the rows (or the first n) to one local CSV file and its schema file."""
        args.expect(isinstance(path, str) and (n is None or args.integer(n)), "smvExportCsv",
                    "path: str, n: int = None", (path, n))
        _helper(self).smvExportCsv(path, n)

    @jvm_errors
    def smvDumpDF(self) -> None:
        """Prints the schema and every row (small DataFrames, debugging)."""
        _println(_helper(self).smvDumpDFText())

    @jvm_errors
    def peek(self, pos: int = 1, colRegex: str = ".*") -> None:
        """Prints row `pos` (from 1) transposed, the columns matching `colRegex`: `df.peek(2, "amt.*")`."""
        args.expect(args.integer(pos) and isinstance(colRegex, str), "peek", "pos: int = 1, colRegex: str = '.*'",
                    (pos, colRegex))
        _println(_helper(self).peekText(pos, colRegex))

    @jvm_errors
    def peekSave(self, path: str, pos: int = 1, colRegex: str = ".*") -> None:
        """Writes what peek prints to a local file."""
        args.expect(isinstance(path, str) and args.integer(pos) and isinstance(colRegex, str), "peekSave",
                    "path: str, pos: int = 1, colRegex: str = '.*'", (path, pos, colRegex))
        _helper(self).peekSave(path, pos, colRegex)


def _helper(df: DataFrame) -> "JavaObject":
    """The Scala helpers of this DataFrame (one definition of every helper)."""
    return jvm_class(jvm(df), "smv.helpers.DataFrameHelpers")(df._jdf)


def _println(text: str) -> None:
    """Printed from Python, not the JVM, so notebooks show it."""
    sys.stdout.write(str(text) + "\n")


install_when_ready(__name__)  # last: this module's classes exist now (see smv.helpers.install)
