"""SmvHiveTable: a table of the session's Hive metastore as an input.

As in SMV 2.2, a subclass names its table with `tableName()`. The hash covers the table's
location and the newest modification time of its files (through Hadoop's FileSystem), so a
rewritten table is read again; reading and hashing are the JVM's (smv.hive.HiveTables),
shared with Scala's `SmvHiveTable("db.table")`. The app's session needs a metastore: smv-run
turns Hive on for apps that use it (docs/hive.md).
"""
from __future__ import annotations

import abc
from typing import Any

from smv.api.dataset import RunOutput, RunParams, SmvDataSet
from smv.api.inputs import InputDataError


class HiveTableError(InputDataError):
    """The table is not in the metastore (the message names the table and the module)."""


class SmvHiveTable(SmvDataSet):
    """`class Accounts(SmvHiveTable): def tableName(self): return "crm.accounts"`."""

    kind = "input"

    @abc.abstractmethod
    def tableName(self) -> str:
        """The table, as Spark names it (`table` or `db.table`)."""

    def isEphemeral(self) -> bool:
        return True

    def description(self) -> str:
        return super().description() or f"Hive table {self.tableName()}"

    def hashExtras(self) -> list[str]:
        return [*super().hashExtras(), self._tables().state(self.smvApp.spark._jsparkSession, self.tableName())]

    def doRun(self, i: RunParams) -> RunOutput:
        from py4j.protocol import Py4JJavaError
        from pyspark.sql import DataFrame

        spark = self.smvApp.spark
        try:
            jdf = self._tables().read(spark._jsparkSession, self.tableName(), self.urn())
        except Py4JJavaError as exc:
            if str(exc.java_exception.getClass().getName()) == "smv.hive.HiveTableNotFoundException":
                raise HiveTableError(str(exc.java_exception.getMessage())) from None
            raise
        return RunOutput(DataFrame(jdf, spark))

    def _tables(self) -> Any:
        """The JVM's smv.hive.HiveTables (py4j)."""
        from smv.spark.jvm import jvm_of

        return jvm_of(self.smvApp.spark).smv.hive.HiveTables
