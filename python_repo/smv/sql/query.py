"""Spark's SQL parser and SQL runner for SQL modules, through py4j (the JVM side is
`org.apache.spark.sql.smvbridge.SqlQuery` in the SMV jar).

Tables are found by Spark's own parser, never by pattern matching; a query runs with each
table it names replaced by a dependency's DataFrame inside its plan (no temp views), so what
one module calls `orders` is invisible to every other query.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


class SqlQueryError(ValueError):
    """A SQL module's query does not parse, or names a table the module does not have.

    The message is one line: the module, the file and line, and what is wrong (Spark's words
    for a query that does not parse)."""


@dataclass(frozen=True)
class TableReference:
    """A table a query names (dotted, as written) and the query's line that names it (from 1)."""

    name: str
    line: int


def referenced_tables(spark: SparkSession, sql: str, module: str, file: str, first_line: int = 1
                      ) -> list[TableReference]:
    """The tables `sql` reads (FROM, JOIN, subqueries; not its own WITH names), in order.

    `first_line` is the file's line of the query's first line, so errors name the file's line."""
    from smv.spark.jvm import jvm_of  # pyspark only where Spark runs (never in metadata-only mode)

    parsed = jvm_of(spark).org.apache.spark.sql.smvbridge.SqlQuery.parse(spark._jsparkSession, sql)
    if not parsed.ok():
        raise SqlQueryError(f"{module} ({file}:{first_line + parsed.errorLine() - 1}): {parsed.error()}")
    return [TableReference(str(name), first_line + int(line) - 1)
            for name, line in zip(parsed.names(), parsed.lines())]


def check_known(references: list[TableReference], known: Mapping[str, object], module: str, file: str) -> None:
    """Every table named must be one of `known` (case-insensitive, as Spark's names are)."""
    names = {k.lower() for k in known}
    for ref in references:
        if ref.name.lower() not in names:
            raise SqlQueryError(f"{module} ({file}:{ref.line}): the query reads table {ref.name}, which is not "
                                f"one of the module's tables ({', '.join(sorted(known)) or 'none'})")


def run_query(spark: SparkSession, sql: str, tables: Mapping[str, DataFrame]) -> DataFrame:
    """`sql`'s result, each table named by a key of `tables` read from that DataFrame."""
    from pyspark.sql import DataFrame

    from smv.spark.jvm import jvm_of, to_java_map

    jtables = to_java_map(spark, {name: df._jdf for name, df in tables.items()})
    jdf = jvm_of(spark).org.apache.spark.sql.smvbridge.SqlQuery.run(spark._jsparkSession, sql, jtables)
    return DataFrame(jdf, spark)
