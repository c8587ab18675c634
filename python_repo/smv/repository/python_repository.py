"""PythonDataSetRepository: the repository contract in Python terms.

It owns the datasets discovered in its stages (urn:smv:mod:<fqn>), answers their
metadata and, given a SparkSession, runs them on their dependencies' DataFrames
passed by handle. Without Spark (metadata-only) a run is a FAILED_PRECONDITION.
Every failure is an `smv.repository.errors.RepositoryError`; user code that raises becomes a
UserCodeError carrying its traceback.

A dataset's declarations (requiresDS, isEphemeral, dqm, version, description, tableName)
are static: they are evaluated once per discovered catalog, when it is discovered, so a
run's BatchGetMetadata is answered from them. Only hashes that read more than the code
(inputs' files, a user's own hashExtras()) are computed afresh on every request; a reload
(rerun) discovers and describes the new code. The per-call methods (is_ephemeral,
dependencies, dataset_hash, dqm_policy) still ask the dataset itself each time.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from smv.api.dataset import RunParams, SmvAppContext, SmvDataSet, SmvOutput, dependency_urn
from smv.api.inputs import InputDataError
from smv.api.schema import SchemaError
from smv.repository import describe, errors
from smv.repository.discovery import Catalog, DiscoveredDataSet, discover
from smv.repository.hashing import digest
from smv.repository.urn import EXPECTED_FORM, MalformedUrnError, Urn, parse_urn
from smv.sql.query import SqlQueryError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from smv.transport.proto import pb


@dataclass(frozen=True)
class RunResult:
    """A run's result handle, and for inputs the records that failed to parse."""

    handle: str
    parser_error_count: int = 0
    parser_error_samples: tuple[str, ...] = ()


class PythonDataSetRepository:
    """The datasets of `stages` (packages importable from sys.path).

    `input_dir` resolves SmvCsvFile paths; `spark` None means metadata-only. With Spark,
    `code_dir` (the app's src/main/python) is shipped to the executors before user code runs
    (smv.spark.shipping), again when it changed.
    """

    def __init__(self, stages: Sequence[str], input_dir: str | None = None,
                 spark: SparkSession | None = None, code_dir: str | None = None) -> None:
        if isinstance(stages, str) or not stages or not all(isinstance(s, str) and s for s in stages):
            raise ValueError(f"stages must be a non-empty list of package names, got {stages!r}")
        self.stages = tuple(stages)
        self.input_dir = input_dir
        self.spark = spark
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._described: Mapping[str, _Described] = {}
        self._code_dir = code_dir
        self._shipped_for: str | None = None

    # -- metadata -------------------------------------------------------------

    def has_data_set(self, urn: str) -> bool:
        """True for a mod urn discovered in the stages (never for a link urn)."""
        parsed = _parse(urn)
        return not parsed.is_link and urn in self.catalog().datasets

    def is_ephemeral(self, urn: str) -> bool:
        entry = self._owned(urn)
        return self._is_ephemeral(entry, self._instance(entry))

    def dependencies(self, urn: str) -> list[str]:
        entry = self._owned(urn)
        return self._dependencies(entry, self._instance(entry))

    def dataset_hash(self, urn: str, include_super_class: bool) -> str:
        entry = self._owned(urn)
        own = self._hash(entry, self._instance(entry))
        return _with_super_classes(own, entry) if include_super_class else own

    def output_modules(self, stage: str) -> list[str]:
        """urns of the stage's SmvOutput modules, sorted."""
        self._check_stage(stage)
        catalog = self.catalog()
        return [u for u in catalog.in_stage(stage) if issubclass(catalog.datasets[u].cls, SmvOutput)]

    def list_data_sets(self, stage: str | None = None) -> list[str]:
        """urns of every dataset (of `stage`, when given), sorted."""
        if stage is not None:
            self._check_stage(stage)
        return self.catalog().in_stage(stage)

    def dqm_policy(self, urn: str) -> pb.DqmPolicy:
        entry = self._owned(urn)
        return self._dqm(entry, self._instance(entry))

    def metadata(self, urns: Sequence[str], include_dependency_closure: bool = False) -> list[pb.DataSetMetadata]:
        """Metadata of `urns` in order, then (optionally) of the owned datasets they reach."""
        return list(self.metadata_response(urns, include_dependency_closure).data_sets)

    def metadata_response(self, urns: Sequence[str], include_dependency_closure: bool = False
                          ) -> pb.BatchGetMetadataResponse:
        """The BatchGetMetadata answer, from the catalog's descriptions (hashes that read files afresh)."""
        from smv.transport.proto import pb

        catalog, described = self._described_catalog()
        owned = catalog.datasets
        queue = deque([owned[u] if u in owned else self._owned(u) for u in urns])  # _owned: the error
        results: dict[str, pb.DataSetMetadata] = {}
        while queue:
            entry = queue.popleft()
            if entry.urn not in results:
                results[entry.urn] = meta = self._metadata(entry, described[entry.urn])
                if include_dependency_closure:
                    queue.extend(owned[d] for d in meta.dependency_urns if d in owned)
        return pb.BatchGetMetadataResponse(data_sets=results.values())

    # -- runs -------------------------------------------------------------------

    def run(self, urn: str, dependencies: Mapping[str, str], run_id: str,
            run_config: Mapping[str, str] | None = None) -> RunResult:
        """Runs the dataset on the DataFrames behind `dependencies` ({dependency urn: handle})
        and registers its result under `run_id`."""
        from smv.spark import jvm  # pyspark: imported only when running, never in metadata-only mode

        spark = self._require_spark("running a dataset")
        if not run_id:
            raise errors.InvalidRequestError(f"run_id is required to run {urn}", urn=urn)
        entry = self._owned(urn)
        dataset = self._instance(entry, run_config)
        declared = self._dependencies(entry, dataset)
        missing = [d for d in declared if d not in dependencies]
        if missing:
            raise errors.InvalidRequestError(
                f"{urn} needs the results of {', '.join(missing)}; the request gave handles for "
                f"{', '.join(sorted(dependencies)) or 'nothing'}", urn=urn)
        frames = {d: self._dataframe(spark, urn, d, dependencies[d]) for d in declared}
        self._ship_code(spark, run_id)
        with self._user_code(urn, "run"):
            output = dataset.doRun(RunParams(urn, frames))
        handle = jvm.register_dataframe(spark, run_id, output.df)
        return RunResult(handle, output.parser_error_count, tuple(output.parser_error_samples))

    def rerun(self, urn: str, dependencies: Mapping[str, str], run_id: str,
              run_config: Mapping[str, str] | None = None) -> RunResult:
        """Reloads the stages' code (edited files included), then runs the dataset."""
        self._require_spark("rerunning a dataset")
        _check_mod_urn(urn)
        self.reload()
        self._shipped_for = None  # the code may have changed within this run
        return self.run(urn, dependencies, run_id, run_config)

    def reload(self) -> None:
        """Discovers (and describes) the stages afresh; unchanged datasets keep their hashes."""
        with self._lock:
            self._catalog = None  # if discovery fails, the next call retries it (and reports why)
            self._discover()

    def discover_ahead(self) -> None:
        """Discovers (and describes) the stages now, before a call asks: a big app's discovery
        (10,000 datasets: seconds, far more on a busy machine) then never runs inside one call's
        deadline. A failure is left for the first call, which retries and reports it as always."""
        try:
            self._described_catalog()
        except Exception:  # noqa: BLE001 - whatever it is, the first call reports it as it did
            pass

    def catalog(self) -> Catalog:
        """The discovered datasets (discovering on first use, and after a failed discovery)."""
        return self._described_catalog()[0]

    def _described_catalog(self) -> tuple[Catalog, Mapping[str, _Described]]:
        with self._lock:
            if self._catalog is None:
                self._discover()
            assert self._catalog is not None
            return self._catalog, self._described

    def _discover(self) -> None:
        """The stages' datasets, each described once (called holding the lock)."""
        catalog = discover(self.stages, self.spark)
        self._described = {urn: self._describe(entry) for urn, entry in catalog.datasets.items()}
        self._catalog = catalog

    # -- helpers ------------------------------------------------------------------

    def _owned(self, urn: str) -> DiscoveredDataSet:
        _check_mod_urn(urn)
        entry = self.catalog().datasets.get(urn)
        if entry is None:
            raise errors.DataSetNotFoundError(
                f"no dataset {urn} in the stages searched: {', '.join(self.stages)}", urn=urn,
                metadata={"stages": ",".join(self.stages)})
        return entry

    def _instance(self, entry: DiscoveredDataSet, run_config: Mapping[str, str] | None = None) -> SmvDataSet:
        from smv.app.locations import data_files

        context = SmvAppContext(self.spark, self.input_dir, run_config, data_files(self.spark))
        with self._user_code(entry.urn, "creating the dataset"):
            return entry.cls(context)

    def _describe(self, entry: DiscoveredDataSet) -> _Described:
        """The dataset's metadata from its declarations (its hash too unless it reads data), or
        what describing raised (answered whenever its metadata is asked, as if asked then)."""
        from smv.transport.proto import pb

        try:
            dataset = self._instance(entry)
            reads_data = type(dataset).hashExtras is not SmvDataSet.hashExtras
            own_hash = "" if reads_data else self._hash(entry, dataset)
            kind = pb.DATA_SET_KIND_INPUT if dataset.kind == "input" else pb.DATA_SET_KIND_MODULE
            is_output = isinstance(dataset, SmvOutput)
            with self._user_code(entry.urn, "description/version/tableName"):
                description, version = dataset.description(), dataset.version()
                table_name = dataset.tableName() if is_output else None  # type: ignore[attr-defined]
            meta = pb.DataSetMetadata(
                urn=entry.urn, kind=kind, language=pb.LANGUAGE_PYTHON, stage=entry.stage,
                dependency_urns=self._dependencies(entry, dataset), is_ephemeral=self._is_ephemeral(entry, dataset),
                is_output=is_output, dqm=self._dqm(entry, dataset), description=description or "",
                table_name=table_name, version=None if version is None else str(version))
            if not reads_data:
                meta.hash, meta.hash_with_super_class = own_hash, _with_super_classes(own_hash, entry)
            return _Described(meta, reads_data)
        except errors.RepositoryError as exc:
            return _Described(None, False, exc)
        except Exception as exc:  # noqa: BLE001 - e.g. a declaration of the wrong type: that dataset's error
            return _Described(None, False, errors.InternalError.wrap(exc))

    def _metadata(self, entry: DiscoveredDataSet, described: _Described) -> pb.DataSetMetadata:
        """The described metadata; a hash that reads data (inputs) taken now."""
        if described.error is not None:
            raise described.error.with_traceback(None)
        assert described.metadata is not None
        if not described.hash_reads_data:
            return described.metadata
        from smv.transport.proto import pb

        own_hash = self._hash(entry, self._instance(entry))
        meta = pb.DataSetMetadata()
        meta.CopyFrom(described.metadata)
        meta.hash, meta.hash_with_super_class = own_hash, _with_super_classes(own_hash, entry)
        return meta

    def _dependencies(self, entry: DiscoveredDataSet, dataset: SmvDataSet) -> list[str]:
        with self._user_code(entry.urn, "requiresDS"):
            return [dependency_urn(dep) for dep in dataset.requiresDS()]

    def _is_ephemeral(self, entry: DiscoveredDataSet, dataset: SmvDataSet) -> bool:
        with self._user_code(entry.urn, "isEphemeral"):
            return dataset.kind == "input" or bool(dataset.isEphemeral())

    def _dqm(self, entry: DiscoveredDataSet, dataset: SmvDataSet) -> pb.DqmPolicy:
        with self._user_code(entry.urn, "dqm"):
            return describe.dqm_policy(dataset.dqmWithTypeSpecificPolicy())

    def _hash(self, entry: DiscoveredDataSet, dataset: SmvDataSet) -> str:
        with self._user_code(entry.urn, "hash extras (version, input files)"):
            return digest([entry.code_hash, *dataset.hashExtras()])

    def _dataframe(self, spark: SparkSession, urn: str, dep: str, handle: str) -> DataFrame:
        from py4j.protocol import Py4JError

        from smv.spark import jvm
        try:
            return jvm.dataframe_from_handle(spark, handle)
        except Py4JError as exc:
            raise errors.InvalidRequestError(
                f"the handle {handle!r} given for {dep} (a dependency of {urn}) is not in the JVM "
                "registry: it was never registered or its run has ended", urn=urn,
                metadata={"dependency_urn": dep, "handle": handle}, cause=exc) from exc

    def _ship_code(self, spark: SparkSession, run_id: str) -> None:
        """The app's current code on the executors, checked once per run (and per rerun)."""
        if self._code_dir is None or self._shipped_for == run_id:
            return
        from smv.spark.shipping import CodeShipper

        CodeShipper(spark.sparkContext, Path(self._code_dir)).ship()
        self._shipped_for = run_id

    def _require_spark(self, what: str) -> SparkSession:
        if self.spark is None:
            raise errors.SparkRequiredError(
                f"{what} needs Spark, but this repository serves metadata only (started without a "
                "SparkSession)")
        return self.spark

    def _check_stage(self, stage: str) -> None:
        if stage not in self.stages:
            raise errors.StageNotFoundError(
                f"stage {stage!r} is not served here; stages: {', '.join(self.stages)}",
                metadata={"stage": stage, "stages": ",".join(self.stages)})

    def _user_code(self, urn: str, phase: str) -> _UserCode:
        return _UserCode(urn, phase)


@dataclass(frozen=True)
class _Described:
    """A dataset as described once per catalog: its metadata (without the hash when the hash
    reads data, `hash_reads_data`), or the error describing it raised."""

    metadata: pb.DataSetMetadata | None
    hash_reads_data: bool
    error: errors.RepositoryError | None = None


class _UserCode:
    """Reports what user code raises: input problems as InputError, the rest as UserCodeError.
    (A plain class, not @contextmanager: metadata enters six of these per dataset.)"""

    __slots__ = ("urn", "phase")

    def __init__(self, urn: str, phase: str) -> None:
        self.urn, self.phase = urn, phase

    def __enter__(self) -> None:
        return None

    def __exit__(self, _type: type[BaseException] | None, exc: BaseException | None, _tb: TracebackType | None) -> None:
        if exc is None or isinstance(exc, errors.RepositoryError) or not isinstance(exc, Exception):
            return
        if isinstance(exc, SqlQueryError):
            raise errors.SqlModuleError(str(exc), urn=self.urn, cause=exc) from exc
        if isinstance(exc, (InputDataError, SchemaError)):
            raise errors.InputError(f"{self.phase} of {self.urn}: {exc}", urn=self.urn, cause=exc,
                                    metadata={"exception_type": errors.qualified_type(exc)}) from exc
        raise errors.UserCodeError.wrap(exc, urn=self.urn, phase=self.phase) from exc


def _with_super_classes(own_hash: str, entry: DiscoveredDataSet) -> str:
    """The hash covering the user-defined base classes too (the own hash when there are none)."""
    return digest([own_hash, *entry.base_code_hashes]) if entry.base_code_hashes else own_hash


def _check_mod_urn(urn: str) -> None:
    """A well-formed dataset urn (a link urn names no dataset a repository answers for)."""
    parsed = _parse(urn)
    if parsed.is_link:
        raise errors.LinkUrnError(
            f"{urn} is a link: SmvApp resolves links to urn:smv:mod:{parsed.fqn}, the urn repositories "
            "answer for; expected urn:smv:mod:<fqn>", urn=urn)


def _parse(urn: str) -> Urn:
    try:
        return parse_urn(urn)
    except MalformedUrnError as exc:
        raise errors.InvalidUrnError(f"malformed urn {urn!r}: expected {EXPECTED_FORM}", urn=urn) from exc
