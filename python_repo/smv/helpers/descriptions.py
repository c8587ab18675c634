"""Column descriptions kept in the column metadata (smvDesc, smvGetDesc, ...): proxies over
smv.helpers.DescriptionHelpers, which keeps each description under the metadata key `smvDesc`
(SMV's), so it persists with the schema (Parquet and the result's .meta.json) and comes back on reuse.
"""
from __future__ import annotations

from typing import Any, Optional, Union

from pyspark.sql import DataFrame

from smv.helpers.install import install_when_ready
from smv.helpers.convert import as_df, jvm, jvm_errors, to_seq, wrap_df

_DESC = "smvDesc(*colDescs: tuple[str, str])"


def _helpers(df: DataFrame) -> Any:
    return jvm(df).smv.helpers.DescriptionHelpers(df._jdf)


def _pairs(col_descs: tuple[Any, ...]) -> list[tuple[str, str]]:
    for pair in col_descs:
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise TypeError(f"smvDesc takes (column name, description) tuples of strings, got {pair!r}: {_DESC}")
    return list(col_descs)


class DescriptionHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""

    @jvm_errors
    def smvDesc(self, *colDescs: tuple[str, str]) -> DataFrame:
        """The DataFrame with descriptions on columns: df.smvDesc(("id", "customer id"))."""
        df = as_df(self)
        tuple2 = jvm(df).scala.Tuple2
        jpairs = to_seq([tuple2(c, text) for c, text in _pairs(colDescs)])
        return wrap_df(_helpers(df).smvDesc(jpairs), df)

    @jvm_errors
    def smvDescFromDF(self, descDF: DataFrame) -> DataFrame:
        """Descriptions from a DataFrame of two string columns: column name, description."""
        df = as_df(self)
        if not isinstance(descDF, DataFrame):
            raise TypeError(f"smvDescFromDF takes a DataFrame (column name, description), got {type(descDF).__name__}")
        return wrap_df(_helpers(df).smvDescFromDF(descDF._jdf), df)

    @jvm_errors
    def smvGetDesc(self, colName: Optional[str] = None) -> Union[str, list[tuple[str, str]]]:
        """A column's description ("" when none); without a name, (column, description) of every column."""
        df = as_df(self)
        if colName is None:
            key = jvm(df).smv.helpers.DescriptionHelpers.Key()  # the one definition of the metadata key
            return [(field.name, str(field.metadata.get(key, ""))) for field in df.schema.fields]
        if not isinstance(colName, str):
            raise TypeError(f"smvGetDesc takes a column name (str) or nothing, got {colName!r}")
        return str(_helpers(df).smvGetDesc(colName))

    @jvm_errors
    def smvRemoveDesc(self, *colNames: str) -> DataFrame:
        """The DataFrame without the descriptions of `colNames` (of every column when none is named)."""
        df = as_df(self)
        for name in colNames:
            if not isinstance(name, str):
                raise TypeError(f"smvRemoveDesc takes column names (str), got {name!r}: smvRemoveDesc(*colNames: str)")
        return wrap_df(_helpers(df).smvRemoveDesc(to_seq(colNames)), df)


install_when_ready(__name__)  # last: this module's classes exist now (see smv.helpers.install)
