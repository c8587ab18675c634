"""py4j helpers: DataFrames by handle, and Python/JVM value conversions.

The JVM keeps DataFrames in smv.driver.DataFrameHandles; Python only ever exchanges the
opaque handle ids with it, so cost is independent of data size.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from pyspark.sql import DataFrame, SparkSession

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject, JVMView


def jvm_of(spark: SparkSession) -> "JVMView":
    """The py4j view of the driver JVM behind `spark`."""
    jvm = spark.sparkContext._jvm
    if jvm is None:
        raise RuntimeError("the SparkSession has no py4j gateway (was it stopped?)")
    return jvm


@functools.lru_cache(maxsize=None)
def jvm_class(view: "JVMView", name: str) -> Any:
    """A JVM class or Scala object by its full name, looked up once per JVM (each lookup by
    name costs a py4j round trip per package level)."""
    found: Any = view
    for part in name.split("."):
        found = getattr(found, part)
    return found


def _handles(spark: SparkSession) -> Any:
    return jvm_class(jvm_of(spark), "smv.driver.DataFrameHandles")


def dataframe_from_handle(spark: SparkSession, handle_id: str) -> DataFrame:
    """The pyspark DataFrame behind a handle of the JVM registry."""
    return DataFrame(_handles(spark).get(handle_id), spark)


def register_dataframe(spark: SparkSession, run_id: str, df: DataFrame) -> str:
    """Registers `df` in the JVM registry for run `run_id`; returns its handle id."""
    return str(_handles(spark).register(run_id, df._jdf))


def release_run(spark: SparkSession, run_id: str) -> int:
    """Releases every handle of `run_id`; returns how many were held."""
    return int(_handles(spark).releaseRun(run_id))


def handle_count(spark: SparkSession) -> int:
    """Handles the JVM registry holds right now (for leak checks)."""
    return int(_handles(spark).size())


def to_java_map(spark: SparkSession, values: Mapping[str, Any]) -> "JavaObject":
    """A java.util.HashMap with the same entries."""
    jmap = jvm_of(spark).java.util.HashMap()
    for key, value in values.items():
        jmap.put(key, value)
    return jmap


def to_java_list(spark: SparkSession, values: Iterable[Any]) -> "JavaObject":
    """A java.util.ArrayList with the same items, in order (one py4j call per item: for
    strings, `to_java_string_list` takes three calls whatever their number)."""
    jlist = jvm_of(spark).java.util.ArrayList()
    for value in values:
        jlist.add(value)
    return jlist


_SEPARATOR = "\n"


def to_java_string_list(spark: SparkSession, values: Sequence[str]) -> "JavaObject":
    """A java.util.List of the same strings, in order, sent as one joined string: a list of
    10,000 urns is 3 py4j calls instead of 10,000 (~1 s). Empty strings and strings holding
    the separator (which the split would lose or cut) go one call each, as `to_java_list` sends anything."""
    if not values or any(not v or _SEPARATOR in v for v in values):
        return to_java_list(spark, values)
    return jvm_of(spark).java.util.regex.Pattern.compile(_SEPARATOR).splitAsStream(_SEPARATOR.join(values)).toList()


def from_java_string_list(spark: SparkSession, jlist: "JavaObject") -> list[str]:
    """The strings of a java.util.List, in order, received as one joined string (one py4j
    call; iterating the list is a call per item). Strings holding the separator are read
    one call each."""
    jvm = jvm_of(spark)
    count = int(jlist.size())
    if count == 0:
        return []
    values = str(jvm.java.lang.String.join(_SEPARATOR, jlist)).split(_SEPARATOR)
    return values if len(values) == count else [str(v) for v in jlist]
