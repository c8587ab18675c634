"""SmvMultiJoin: the builder `df.smvJoinMultipleByKey(keys, joinType)` returns (a proxy of the Scala one)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from pyspark.sql import DataFrame

from smv.helpers import arguments as args
from smv.helpers.convert import jvm_errors, wrap_df

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject


class SmvMultiJoin:
    """`.joinWith(df2, "_df2").joinWith(df3, "_df3", "leftouter").doJoin()`; each step a new builder."""

    def __init__(self, jmj: "JavaObject", df: DataFrame) -> None:
        self._jmj = jmj
        self._df = df

    @jvm_errors
    def joinWith(self, df: DataFrame, postfix: str, jointype: str | None = None) -> "SmvMultiJoin":
        """Adds a DataFrame, the postfix for its clashing column names, and its join type (default: the builder's)."""
        args.expect(isinstance(df, DataFrame) and isinstance(postfix, str)
                    and (jointype is None or isinstance(jointype, str)),
                    "joinWith", "df: DataFrame, postfix: str, jointype: str = None", (df, postfix, jointype))
        return SmvMultiJoin(self._jmj.joinWith(df._jdf, postfix, jointype), self._df)

    @jvm_errors
    def doJoin(self, dropextra: bool = False) -> DataFrame:
        """Runs the joins; dropextra drops the postfixed duplicate columns."""
        args.expect(isinstance(dropextra, bool), "doJoin", "dropextra: bool = False", dropextra)
        return wrap_df(self._jmj.doJoin(dropextra), self._df)
