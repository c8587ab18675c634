"""SMV's functions (`smv.functions`): proxies over the Scala object `smv.helpers.smvfuncs`."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pyspark.sql import Column
from pyspark.sql.types import DataType

from smv.helpers import arguments as args
from smv.helpers.convert import ColumnOrName, active_jvm, jvm_errors, to_jcol, to_jcols, to_jtype, wrap_col
from smv.spark.jvm import jvm_class

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject

__all__ = ["smvFirst", "smvCreateLookUp", "smvArrayCat", "smvCollectSet", "smvStrCat", "smvHashKey", "nGram2",
           "nGram3", "diceSorensen", "normlevenshtein", "jaroWinkler"]


def _funcs() -> "JavaObject":
    return jvm_class(active_jvm(), "smv.helpers.smvfuncs")


@jvm_errors
def smvFirst(c: ColumnOrName, nonNull: bool = False) -> Column:
    """The group's first value even when null; nonNull: the first non-null (Spark's first, as asked)."""
    args.expect(isinstance(c, (str, Column)) and isinstance(nonNull, bool), "smvFirst",
                "c: str or Column, nonNull: bool = False", (c, nonNull))
    return wrap_col(_funcs().smvFirst(to_jcol(c), nonNull))


def smvCreateLookUp(m: Mapping[Any, Any], default: Any, outputType: DataType) -> Callable[[ColumnOrName], Column]:
    """A function of a column: its value looked up in `m`, `default` when absent:
    `smvCreateLookUp({"a": 1}, 0, IntegerType())(col("k"))`."""
    args.expect(isinstance(m, Mapping) and isinstance(outputType, DataType), "smvCreateLookUp",
                "m: dict, default, outputType: DataType", (m, default, outputType))
    jvm = active_jvm()
    jlookup = _funcs().smvCreateLookUp(jvm.PythonUtils.toScalaMap(dict(m)), default, to_jtype(outputType))

    @jvm_errors
    def lookup(c: ColumnOrName) -> Column:
        args.expect(isinstance(c, (str, Column)), "smvCreateLookUp(...)", "c: str or Column", c)
        return wrap_col(jlookup.apply(to_jcol(c)))

    return lookup


@jvm_errors
def smvArrayCat(sep: str, col: ColumnOrName) -> Column:
    """An array column's elements joined by `sep`, a null element as "": `smvArrayCat("|", col("a"))`."""
    args.expect(isinstance(sep, str) and isinstance(col, (str, Column)), "smvArrayCat", "sep: str, col: str or Column",
                (sep, col))
    return wrap_col(_funcs().smvArrayCat(sep, to_jcol(col)))


@jvm_errors
def smvCollectSet(col: ColumnOrName, datatype: DataType) -> Column:
    """The set of the group's values as an array: `smvCollectSet(col("v"), IntegerType())`."""
    args.expect(isinstance(col, (str, Column)) and isinstance(datatype, DataType), "smvCollectSet",
                "col: str or Column, datatype: DataType", (col, datatype))
    return wrap_col(_funcs().smvCollectSet(to_jcol(col), to_jtype(datatype)))


def _separated(helper: str, first: str, head: Any, others: tuple[Any, ...]) -> tuple[str | None, list[ColumnOrName]]:
    """SMV's two forms: (sep_or_prefix: str, *cols) or (*cols: Column)."""
    signature = f"[{first}: str,] *cols: Column"
    if isinstance(head, str):
        return head, args.columns(helper, signature, others, minimum=0)
    return None, args.columns(helper, signature, (head, *others))


@jvm_errors
def smvStrCat(head: ColumnOrName, *others: ColumnOrName) -> Column:
    """Columns as strings joined (by an optional leading separator), a null as "", null when all are null:
    `smvStrCat("_", col("a"), col("b"))`."""
    sep, cols = _separated("smvStrCat", "sep", head, others)
    args.expect(bool(cols), "smvStrCat", "[sep: str,] *cols: Column, at least one column", (head, *others))
    return wrap_col(_funcs().smvStrCat(sep or "", to_jcols(cols)))


@jvm_errors
def smvHashKey(head: ColumnOrName, *others: ColumnOrName) -> Column:
    """An optional prefix plus the MD5 hex of the columns: `smvHashKey("cust_", col("id"), col("name"))`."""
    prefix, cols = _separated("smvHashKey", "prefix", head, others)
    args.expect(bool(cols), "smvHashKey", "[prefix: str,] *cols: Column, at least one column", (head, *others))
    return wrap_col(_funcs().smvHashKey(prefix or "", to_jcols(cols)))


def _metric(name: str) -> Callable[[ColumnOrName, ColumnOrName], Column]:
    @jvm_errors
    def metric(c1: ColumnOrName, c2: ColumnOrName) -> Column:
        args.expect(isinstance(c1, (str, Column)) and isinstance(c2, (str, Column)), name,
                    "c1: str or Column, c2: str or Column", (c1, c2))
        return wrap_col(getattr(_funcs(), name)(to_jcol(c1), to_jcol(c2)))

    metric.__name__ = name
    metric.__doc__ = f"SMV's {name} similarity of two string columns, 0 (none) to 1 (equal); null when one is null."
    return metric


nGram2 = _metric("nGram2")
nGram3 = _metric("nGram3")
diceSorensen = _metric("diceSorensen")
normlevenshtein = _metric("normlevenshtein")
jaroWinkler = _metric("jaroWinkler")
