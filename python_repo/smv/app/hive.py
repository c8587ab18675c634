"""The app's Hive metastore: when the session gets one, where it lives, and publishing outputs.

Spark's Hive catalog (`spark.sql.catalogImplementation=hive`) is set before the session
starts. smv-run turns it on when the app asks (`smv.hive = true`), names a metastore service
(`hive.metastore.uris`, in the app's props or as `spark.hadoop.hive.metastore.uris`), uses
SmvHiveTable in its Python code, or when --publish-hive is given. Without a metastore service,
Spark's embedded Derby metastore lives in `<app>/.smv/metastore_db` and managed tables under
`<app>/.smv/warehouse` (`spark.sql.warehouse.dir` wins), so each app has its own; one process
at a time may open an embedded metastore (Derby's lock).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from smv.app.config import AppConfig

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from smv.app.graph import DependencyGraph

HIVE_PROP = "smv.hive"
METASTORE_URIS = "hive.metastore.uris"
_SPARK_METASTORE_URIS = "spark.hadoop." + METASTORE_URIS
_CATALOG = "spark.sql.catalogImplementation"
_USES_HIVE = "SmvHiveTable"


def metastore_dir(config: AppConfig) -> Path:
    return config.app_dir / ".smv" / "metastore_db"


def wants_hive(config: AppConfig, submitted: Mapping[str, str], publish: bool) -> bool:
    """Whether the app's session needs Hive (see the module doc)."""
    if publish or config.props.get(HIVE_PROP, "").strip().lower() in ("1", "true"):
        return True
    if METASTORE_URIS in config.props or _SPARK_METASTORE_URIS in submitted or submitted.get(_CATALOG) == "hive":
        return True
    return any(_USES_HIVE in path.read_text(encoding="utf-8", errors="replace")
               for path in config.python_dir.rglob("*.py")) if config.python_dir.is_dir() else False


def hive_settings(config: AppConfig, submitted: Mapping[str, str]) -> dict[str, str]:
    """Spark settings for the app's metastore: a service when one is named, else the embedded one."""
    settings = {_CATALOG: "hive"}
    uris = config.props.get(METASTORE_URIS, "").strip()
    if uris:
        settings[_SPARK_METASTORE_URIS] = uris
    elif _SPARK_METASTORE_URIS not in submitted:
        settings["spark.hadoop.javax.jdo.option.ConnectionURL"] = \
            f"jdbc:derby:;databaseName={metastore_dir(config)};create=true"
        if "spark.sql.warehouse.dir" not in submitted:
            settings["spark.sql.warehouse.dir"] = (config.app_dir / ".smv" / "warehouse").as_uri()
    return settings


def open_metastore(spark: SparkSession, config: AppConfig) -> None:
    """Opens the metastore now, at start-up, rather than inside the first metadata call that
    hashes an SmvHiveTable (opening takes seconds: within a call's deadline on a busy machine
    it may not fit). Derby's log goes beside the embedded metastore, not where the process runs
    (Derby reads the setting when it starts, at this first access)."""
    from smv.spark.jvm import jvm_of

    (config.app_dir / ".smv").mkdir(parents=True, exist_ok=True)
    jvm_of(spark).java.lang.System.setProperty("derby.stream.error.file", str(config.app_dir / ".smv" / "derby.log"))
    spark.catalog.databaseExists("default")


def tables_to_publish(graph: DependencyGraph, urns: Sequence[str]) -> dict[str, str]:
    """{urn: table} of the `urns` that are outputs with a tableName()."""
    nodes = {n.urn: n for n in graph.nodes}
    return {u: table for u in urns if u in nodes and nodes[u].is_output
            for table in [nodes[u].table_name] if table}


def publish(spark: SparkSession, df: DataFrame, table: str) -> None:
    """Writes `df` as the Hive table `table`, replacing it (its database made when missing)."""
    from smv.spark.jvm import jvm_of

    jvm_of(spark).smv.hive.HiveTables.publish(spark._jsparkSession, df._jdf, table)


def check_catalog(spark: SparkSession) -> None:
    """A session without Hive cannot publish: one sentence saying how to get one."""
    if spark.conf.get(_CATALOG, "in-memory") != "hive":
        raise ValueError("--publish-hive needs a session with a Hive metastore, and this one was started without "
                         f"({_CATALOG}=in-memory); start it with {_CATALOG}=hive (smv-run does with --publish-hive)")
