"""Python values to the JVM's, in one place, for every helper proxy.

Built on pyspark's own conversions, so a helper takes what pyspark's methods take (a column
name or a Column) and a JVM error becomes the pyspark exception pyspark itself would raise.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast

from pyspark.errors.exceptions.captured import capture_sql_exception
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql.classic.column import _to_java_column
from pyspark.sql.types import DataType

from smv.spark.jvm import jvm_class

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject, JVMView

ColumnOrName = Union[Column, str]
F = TypeVar("F", bound=Callable[..., Any])


def jvm_errors(f: F) -> F:
    """JVM exceptions become pyspark's exceptions (AnalysisException, IllegalArgumentException, ...);
    the helper keeps its name and docstring (pyspark's wrapper alone drops them)."""
    return cast(F, functools.wraps(f)(capture_sql_exception(f)))


def jvm(df: DataFrame) -> "JVMView":
    """The JVM view of the session the DataFrame belongs to."""
    return df.sparkSession._jvm  # type: ignore[attr-defined,no-any-return]


def active_jvm() -> "JVMView":
    """The JVM of the active SparkSession (for helpers called without a DataFrame)."""
    session = SparkSession.getActiveSession()
    if session is None:
        raise RuntimeError("no active SparkSession: create one (or an SmvApp) before calling SMV's helpers")
    return session._jvm  # type: ignore[attr-defined,no-any-return]


def to_jcol(col: ColumnOrName) -> "JavaObject":
    """A column name or a Column as a JVM Column."""
    return _to_java_column(col)


def to_jcols(cols: Iterable[ColumnOrName]) -> "JavaObject":
    """Column names or Columns as a JVM Seq[Column] (what Scala varargs take)."""
    return _jvm_seq([_to_java_column(c) for c in cols])


def to_seq(values: Iterable[Any]) -> "JavaObject":
    """Python values (strings, numbers, JVM objects) as a JVM Seq."""
    return _jvm_seq(list(values))


def _jvm_seq(items: list[Any]) -> "JavaObject":
    """pyspark's PythonUtils.toSeq, its method looked up once per JVM (a lookup is two round trips
    per call otherwise: a helper from Python then costs 7 py4j calls instead of 5)."""
    from pyspark import SparkContext

    sc = SparkContext._active_spark_context
    assert sc is not None and sc._jvm is not None
    return jvm_class(sc._jvm, "org.apache.spark.api.python.PythonUtils.toSeq")(items)


def to_pairs(pairs: Iterable[tuple[str, str]]) -> "JavaObject":
    """(old, new) string pairs as a JVM Seq[Tuple2[String, String]] (smvRenameField's argument)."""
    from pyspark import SparkContext

    sc = SparkContext._active_spark_context
    assert sc is not None and sc._jvm is not None
    return to_seq(sc._jvm.scala.Tuple2(a, b) for a, b in pairs)


def to_jdfs(dfs: Iterable[DataFrame]) -> "JavaObject":
    """DataFrames as a JVM Seq[DataFrame]."""
    return to_seq(df._jdf for df in dfs)


def to_jtype(datatype: DataType) -> "JavaObject":
    """A pyspark DataType as the JVM's."""
    return active_jvm().org.apache.spark.sql.types.DataType.fromJson(datatype.json())


def wrap_df(jdf: "JavaObject", like: DataFrame) -> DataFrame:
    """A JVM DataFrame as a pyspark DataFrame of the same session."""
    return DataFrame(jdf, like.sparkSession)


def wrap_col(jcol: "JavaObject") -> Column:
    """A JVM Column as a pyspark Column."""
    return Column(jcol)


def from_seq(jseq: "JavaObject") -> list[Any]:
    """A JVM Seq as a Python list."""
    from pyspark import SparkContext

    jvm_view = SparkContext._active_spark_context._jvm  # type: ignore[union-attr]
    return list(jvm_view.scala.jdk.javaapi.CollectionConverters.asJava(jseq))  # type: ignore[union-attr]


def as_df(receiver: object) -> DataFrame:
    """The DataFrame a helper method was called on (its `self` once installed on pyspark's class)."""
    return cast(DataFrame, receiver)
