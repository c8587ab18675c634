"""SmvSqlModule: a module whose result is a Spark SQL query over its dependencies.

As in SMV 2.2, `tables()` maps the names the query uses to datasets (classes, links, ext
datasets) and `query()` is the SQL. Its hash covers the module's code but not `query()`'s
source: it covers the query's normalized text instead (smv.sql.text), so a comment or a
layout change inside the SQL keeps the hash and any other edit changes it.
"""
from __future__ import annotations

import abc
import ast
import inspect
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from smv.api.dataset import RunParams, SmvModule
from smv.sql.text import normalized_sql

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


class SmvSqlModule(SmvModule):
    """A module computed by `query()`, Spark SQL over the datasets `tables()` names."""

    # query()'s source is left out of the code hash: hashExtras covers its normalized text.
    unhashed_methods: ClassVar[tuple[str, ...]] = ("query",)

    @abc.abstractmethod
    def tables(self) -> Mapping[str, Any]:
        """{table name used in the query: dataset class, link or ext dataset}."""

    @abc.abstractmethod
    def query(self) -> str:
        """The SQL: one query reading the tables named by `tables()`."""

    def requiresDS(self) -> Sequence[Any]:
        return list(self.tables().values())

    def hashExtras(self) -> list[str]:
        return [*super().hashExtras(), f"query={normalized_sql(self.query())}"]

    def run(self, i: RunParams) -> DataFrame:
        from smv.sql.query import check_known, referenced_tables, run_query

        tables, query = self.tables(), self.query()
        file, line = query_location(type(self))
        spark = self.smvApp.spark
        check_known(referenced_tables(spark, query, self.fqn(), file, line), tables, self.fqn(), file)
        return run_query(spark, query, {name: i[ds] for name, ds in tables.items()})


def query_location(cls: type) -> tuple[str, int]:
    """The file of `cls.query` and the line its SQL starts on: the returned string literal's
    first line, else the method's own line (a query built at run time)."""
    method = getattr(cls, "query")
    try:
        file = inspect.getsourcefile(method) or "<unknown>"
        lines, first = inspect.getsourcelines(method)
    except (OSError, TypeError):
        return "<unknown>", 1
    try:
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except SyntaxError:
        return file, first
    for node in ast.walk(tree):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return file, first + node.value.lineno - 1
    return file, first
