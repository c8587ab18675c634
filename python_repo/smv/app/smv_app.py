"""A running SMV app, for notebooks, scripts and smv-run.

It wires the three parts of the embedded deployment together: the SparkSession
carrying the SMV jar (and the app's Scala jars), the Python repository server in
a thread of this process on a private Unix socket, and the JVM SmvApp, which
owns resolution, persistence and DQM and asks the Python repository over gRPC.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, Sequence

from smv.app.config import AppConfig, AppConfigError, app_jars, load_app_config
from smv.app.graph import DependencyGraph
from smv.app.names import resolve_name
from smv.repository.urn import parse_urn
from smv.spark.jvm import from_java_string_list, jvm_of, to_java_list, to_java_map, to_java_string_list

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject
    from pyspark.sql import DataFrame, SparkSession

    from smv.repository.python_repository import PythonDataSetRepository
    from smv.transport.server import RepositoryServer


def _check_locations(spark: "SparkSession", config: AppConfig) -> None:
    """Input and output dirs Hadoop can reach (a known scheme), before anything runs."""
    from smv.app.locations import HadoopFiles, LocationError

    files = HadoopFiles(spark)
    for location, setting in ((config.input_dir, config.input_dir_setting),
                              (config.output_dir, config.output_dir_setting)):
        try:
            files.check(location, setting)
        except LocationError as exc:
            raise AppConfigError(str(exc)) from None


@dataclass(frozen=True)
class PlannedDataSet:
    """What a run would do with one dataset ("run", "reuse" or "skip") and why."""

    urn: str
    language: str
    stage: str
    action: str
    reason: str
    path: str | None
    # (column, description) of a reused result's columns that have one (smvDesc), in column order.
    descriptions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RunResult:
    """The DataFrames of a run's targets (by urn) and its report (ran/reused/datasets)."""

    dataframes: dict[str, "DataFrame"]
    report: dict[str, Any]


class SmvApp:
    """One SMV app in this process: create it with `SmvApp.create(app_dir=...)`."""

    _latest: ClassVar["SmvApp | None"] = None  # what smv.shell's functions act on by default

    def __init__(self, config: AppConfig, spark: "SparkSession", servers: Sequence["RepositoryServer"],
                 japp: "JavaObject") -> None:
        self.config = config
        self.spark = spark
        self._servers = list(servers)
        self._japp = japp
        self.closed = False

    @classmethod
    def latest(cls) -> "SmvApp | None":
        """The app created last in this process, while it is open (smv.shell's default app)."""
        return cls._latest

    @classmethod
    def create(cls, app_dir: str | Path = ".", props: Mapping[str, str] | None = None,
               spark: "SparkSession | None" = None, jars: Sequence[str] = (), hive: bool = False) -> "SmvApp":
        """Reads the app folder, starts (or reuses) Spark and the Python repository server.

        A session started here gets a Hive metastore when `hive` or when the app needs one
        (smv.app.hive); a session passed in is used as it is."""
        from smv.repository.python_repository import PythonDataSetRepository
        from smv.app import hive as hive_app
        from smv.spark.session import create_spark_session, submitted_settings
        from smv.transport.server import RepositoryServer

        config = load_app_config(app_dir, props)
        python_dir = str(config.python_dir)
        added_to_path = python_dir not in sys.path
        if added_to_path:
            sys.path.insert(0, python_dir)
        servers: list[RepositoryServer] = []
        clients: list[JavaObject] = []
        try:
            if spark is None:
                all_jars = [str(j) for j in app_jars(config, jars)]
                with_hive = hive_app.wants_hive(config, submitted_settings(), hive)
                spark = create_spark_session(config.app_name, extra_jars=all_jars,
                                             conf=hive_app.hive_settings(config, submitted_settings()) if with_hive else {})
                if with_hive:
                    hive_app.open_metastore(spark, config)
            _check_locations(spark, config)
            for group in config.python_stage_groups:  # one Python repository per group of stages
                repository = PythonDataSetRepository(group, config.input_dir, spark, code_dir=python_dir)
                repository.discover_ahead()
                servers.append(RepositoryServer(repository).start())
            jvm = jvm_of(spark)
            for server in servers:
                clients.append(jvm.smv.grpc.GrpcDataSetRepository.connect(server.address, server.token))
            repositories = [
                jvm.smv.repository.ScalaDataSetRepository.create(to_java_list(spark, config.stages), str(config.input_dir)),
                *clients,
            ]
            conf = {**config.props, "smv.appDir": str(config.app_dir), "smv.inputDir": str(config.input_dir),
                    "smv.outputDir": str(config.output_dir)}
            japp = jvm.smv.driver.SmvApp.create(spark._jsparkSession, to_java_map(spark, conf),
                                         to_java_list(spark, repositories))
        except BaseException:
            # nothing of a failed create outlives it (a notebook retries in the same process)
            for client in clients:
                client.close()
            for server in servers:
                server.stop()
            if added_to_path and python_dir in sys.path:
                sys.path.remove(python_dir)
            raise
        app = cls(config, spark, servers, japp)
        try:
            app._check_stages()
        except BaseException:
            app.close()
            raise
        SmvApp._latest = app
        return app

    def _check_stages(self) -> None:
        """Every configured stage must have a dataset in some language (a typo otherwise goes unnoticed)."""
        fqns = [parse_urn(urn).fqn for urn in self.all_urns()]
        for stage in self.config.stages:
            if not any(fqn.startswith(stage + ".") for fqn in fqns):
                raise AppConfigError(
                    f"stage {stage} has no datasets: looked for a Python package {stage} under "
                    f"{self.config.python_dir} and a Scala package {stage} in the jars on Spark's classpath "
                    f"(a Scala stage's jar is given with smv-run ... -- --jars app.jar, or the smv.jars property "
                    f"of conf/smv-app-conf.props)")

    @property
    def python_repositories(self) -> list["PythonDataSetRepository"]:
        """This app's Python repositories (one per group of smv.pythonStageGroups)."""
        return [s.repository for s in self._servers]

    @property
    def repository_addresses(self) -> list[str]:
        """Where this app's Python repositories serve (one per group of smv.pythonStageGroups)."""
        return [s.address for s in self._servers]

    # -- names ----------------------------------------------------------------

    def all_urns(self) -> list[str]:
        """Every dataset of the app, in every repository."""
        return from_java_string_list(self.spark, self._japp.allUrnsJava())

    def resolve(self, name: str) -> str:
        """The urn a person means by `name` (urn, fqn or unique fqn suffix)."""
        return resolve_name(name, self.all_urns())

    def outputs_of(self, stage: str) -> list[str]:
        """The SmvOutput urns of `stage`, in every language."""
        if stage not in self.config.stages:
            raise ValueError(f"no stage {stage!r} in this app: its stages are {', '.join(self.config.stages)}")
        return from_java_string_list(self.spark, self._japp.outputsOfJava(stage))

    # -- running --------------------------------------------------------------

    def run_module(self, name: str, force_run_all: bool = False) -> "DataFrame":
        """Runs one dataset (and what it needs) and returns its DataFrame."""
        urn = self.resolve(name)
        return self.run([urn], force_run_all).dataframes[urn]

    def run(self, urns: Sequence[str], force_run_all: bool = False) -> RunResult:
        """Runs `urns` in one run: shared dependencies run once."""
        from pyspark.sql import DataFrame

        outcome = self._japp.runModules(to_java_string_list(self.spark, urns), force_run_all)
        frames = {u: DataFrame(outcome.dataFrame(u), self.spark) for u in urns}
        return RunResult(frames, json.loads(outcome.reportJson()))

    def publish_hive(self, result: RunResult) -> dict[str, str]:
        """Writes each of the run's targets that is an output with a tableName() as that Hive
        table (from its persisted result); returns {urn: table} of what it wrote."""
        from smv.app import hive as hive_app

        tables = hive_app.tables_to_publish(self.dependency_graph(list(result.dataframes)), list(result.dataframes))
        if tables:
            hive_app.check_catalog(self.spark)
        for urn, table in tables.items():
            hive_app.publish(self.spark, result.dataframes[urn], table)
        return tables

    def createDF(self, schema: str, data: str = "") -> "DataFrame":
        """A DataFrame of inline CSV data read with SMV's schema string, as SMV's shell and tests
        make test data: `createDF("a:String; b:Integer; c:Timestamp[yyyy-MM-dd]", "x,1,2015-09-30;y,2,")`.
        One implementation, the JVM's (SmvCsvStringData's reader); a bad schema is a SchemaError."""
        return self._jvm_frame(lambda: self._japp.createDF(schema, data))

    def openCsv(self, path: str) -> "DataFrame":
        """A CSV file read with the SMV schema file beside it (`x.csv` -> `x.schema`), as SmvCsvFile reads it."""
        return self._jvm_frame(lambda: self._japp.openCsv(path))

    def _jvm_frame(self, make: Callable[[], "JavaObject"]) -> "DataFrame":
        """The DataFrame the JVM makes; its refusal (bad schema, data that does not fit) as a SchemaError
        carrying the JVM's one sentence, not py4j's trace."""
        from py4j.protocol import Py4JJavaError
        from pyspark.sql import DataFrame

        from smv.api.schema import SchemaError

        try:
            return DataFrame(make(), self.spark)
        except Py4JJavaError as exc:
            raise SchemaError(str(exc.java_exception.getMessage())) from None

    def reload(self) -> None:
        """Re-reads the app's Python code (edited files included), so the next run hashes and
        runs the edited modules: an interactive session's way to pick up edits."""
        for server in self._servers:
            server.repository.reload()

    def dry_run(self, urns: Sequence[str], force_run_all: bool = False) -> list[PlannedDataSet]:
        """The plan of a run of `urns`, without running anything."""
        plan = json.loads(self._japp.dryRunJson(to_java_string_list(self.spark, urns), force_run_all))
        return [PlannedDataSet(d["urn"], d["language"], d["stage"], d["action"], d["reason"], d.get("path"),
                               tuple((c["column"], c["description"]) for c in d.get("descriptions", ())))
                for d in plan["datasets"]]

    def dependency_graph(self, urns: Sequence[str] = ()) -> DependencyGraph:
        """The resolved dependency graph of `urns` (the whole app when empty)."""
        return DependencyGraph.from_json(json.loads(self._japp.dependencyGraphJson(to_java_string_list(self.spark, urns))))

    def dependency_graph_data(self, urns: Sequence[str] = ()) -> dict[str, Any]:
        """The graph as the JVM describes it (with descriptions, hashes, repositories): for tools like smv-ui."""
        return dict(json.loads(self._japp.dependencyGraphJson(to_java_string_list(self.spark, urns))))

    def drain_events(self) -> list[dict[str, Any]]:
        """Run events (dataset start/end/error) since the last call, oldest first."""
        return list(json.loads(self._japp.drainEventsJson()))

    def last_run_report(self) -> dict[str, Any] | None:
        """What the last run did, also when it failed."""
        report = json.loads(self._japp.lastRunReportJson())
        return dict(report) if report else None

    def close(self) -> None:
        """Stops the repository server and closes the JVM app's channels (Spark stays up)."""
        self.closed = True
        if SmvApp._latest is self:
            SmvApp._latest = None
        try:
            self._japp.close()
        finally:
            for server in self._servers:
                server.stop()
            if str(self.config.python_dir) in sys.path:
                sys.path.remove(str(self.config.python_dir))

    def __enter__(self) -> "SmvApp":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()
