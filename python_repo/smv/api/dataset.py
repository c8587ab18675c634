"""SMV's Python user API: SmvDataSet, SmvModule, the SmvOutput mixin and `i[Dep]`.

A module declares what it reads (`requiresDS()`: dataset classes, links, ext
datasets) and computes one DataFrame (`run(self, i)`, with `i[Dep]` the
dependency's result). The repository instantiates datasets with an SmvAppContext
(`self.smvApp`), through which a module reads run configuration:
`self.smvApp.config("key")`, or as SMV 2.x modules do, `self.smvGetRunConfig("key")`.
"""
from __future__ import annotations

import abc
import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from smv import helpers
from smv.api.dqm import SmvDQM
from smv.api.unsupported import check_dataset_class
from smv.repository.urn import mod_urn

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from smv.api.files import DataFiles

RUN_CONFIG_PREFIX = "smv.config."


class SmvAppContext:
    """What a dataset sees of the running app: Spark, the input dir, the run configuration.

    Run configuration keys are the `<key>` of `smv.config.<key>`; a key sent with the
    prefix is read without it.
    """

    def __init__(self, spark: SparkSession | None = None, input_dir: str | None = None,
                 run_config: Mapping[str, str] | None = None, files: DataFiles | None = None) -> None:
        self._spark = spark
        self._files = files
        self.input_dir = input_dir
        self._run_config = {k[len(RUN_CONFIG_PREFIX):] if k.startswith(RUN_CONFIG_PREFIX) else k: v
                            for k, v in (run_config or {}).items()}

    @property
    def spark(self) -> SparkSession:
        """The SparkSession; RuntimeError in a metadata-only repository."""
        if self._spark is None:
            raise RuntimeError("no SparkSession: this repository serves metadata only")
        return self._spark

    def config(self, key: str, default: str | None = None) -> str | None:
        """The run configuration value `key` (smv.config.<key>), or `default`."""
        return self._run_config.get(key, default)

    @property
    def files(self) -> "DataFiles":
        """Data files as the app gives them: Hadoop's with Spark, this machine's without (smv.app.locations)."""
        if self._files is None:
            raise RuntimeError("this dataset was created without access to data files: the repository gives it "
                               "(SmvAppContext(files=...))")
        return self._files


class DataSetReference(abc.ABC):
    """A dependency that is not a dataset class of this repository: a link or an ext dataset."""

    @abc.abstractmethod
    def urn(self) -> str:
        """The urn a module's dependency_urns list for it."""


class SmvRunConfig:
    """SMV 2.x's run-configuration getters (`smv.config.<key>`, read without the prefix).

    Every dataset has them; `SmvRunConfig` as a mixin, as SMV apps wrote it, adds
    nothing more here, since every hash of hashes already covers the run configuration.
    """

    smvApp: SmvAppContext

    def smvGetRunConfig(self, key: str) -> str | None:
        """The value of smv.config.<key>, or None when it is not set."""
        return self.smvApp.config(key)

    def smvGetRunConfigAsInt(self, key: str) -> int | None:
        """The value as an int (None when not set); ValueError naming the key otherwise."""
        value = self.smvGetRunConfig(key)
        if value is None:
            return None
        try:
            return int(value.strip())
        except ValueError:
            raise ValueError(f"run configuration smv.config.{key} = {value!r}: expected an integer") from None

    def smvGetRunConfigAsBool(self, key: str) -> bool | None:
        """SMV's truth values: "1" and "true" (any case, blanks around ignored); None when not set."""
        value = self.smvGetRunConfig(key)
        return None if value is None else value.strip().lower() in ("1", "true")


class SmvDataSet(SmvRunConfig, abc.ABC):
    """Base of every SMV dataset. Concrete subclasses found in a stage are its datasets."""

    kind: ClassVar[str] = "module"

    def __init__(self, smvApp: SmvAppContext | None = None) -> None:
        self.smvApp = smvApp or SmvAppContext()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        check_dataset_class(cls)

    @classmethod
    def fqn(cls) -> str:
        """module.Class: the dataset's full name."""
        return f"{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def urn(cls) -> str:
        return mod_urn(cls.fqn())

    def requiresDS(self) -> Sequence[Any]:
        """The datasets (classes), links and ext datasets this one reads."""
        return []

    def isEphemeral(self) -> bool:
        """True to skip persisting the result."""
        return False

    def version(self) -> str | None:
        """A user-declared version, mixed into the hash; bump it to force a recompute."""
        return None

    def description(self) -> str:
        """The class docstring unless overridden."""
        return inspect.cleandoc(type(self).__doc__ or "")

    def dqm(self) -> SmvDQM:
        """The dataset's DQM policy (none by default)."""
        return SmvDQM()

    def dqmWithTypeSpecificPolicy(self) -> SmvDQM:
        """dqm() plus what the dataset's kind adds (inputs: the parser-error policy)."""
        return self.dqm()

    def hashExtras(self) -> list[str]:
        """Values besides the code that the hash covers (inputs: data file and schema)."""
        version = self.version()
        return [] if version is None else [f"version={version}"]

    @abc.abstractmethod
    def doRun(self, i: RunParams) -> RunOutput:
        """Computes the result from the dependencies' DataFrames."""


class SmvModule(SmvDataSet):
    """A dataset computed by `run(self, i)` from its dependencies."""

    @abc.abstractmethod
    def run(self, i: RunParams) -> DataFrame:
        """The module's result; `i[Dep]` is the result of dependency `Dep`."""

    def doRun(self, i: RunParams) -> RunOutput:
        from pyspark.sql import DataFrame

        helpers.install()
        result = self.run(i)
        if not isinstance(result, DataFrame):
            kind = type(result)
            name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
            raise TypeError(f"{self.fqn()}.run() returned {name}; it must return a pyspark.sql.DataFrame")
        return RunOutput(result)


class SmvOutput:
    """Mixin marking a module as a stage's output: the only kind another stage may link to."""

    def tableName(self) -> str | None:
        """The table the output is published as, if any."""
        return None


@dataclass(frozen=True)
class RunOutput:
    """A run's result, and for inputs the records that failed to parse."""

    df: DataFrame
    parser_error_count: int = 0
    parser_error_samples: Sequence[str] = field(default_factory=tuple)


def dependency_urn(dep: Any) -> str:
    """The urn under which `dep` (a dataset class, link or ext dataset) is declared and looked up."""
    if isinstance(dep, type) and issubclass(dep, SmvDataSet):
        return dep.urn()
    if isinstance(dep, DataSetReference):
        return dep.urn()
    hint = " (list the class, not an instance)" if isinstance(dep, SmvDataSet) else ""
    raise TypeError(f"a dependency must be an SmvDataSet class, SmvModuleLink, SmvExtDataSet or "
                    f"SmvExtModuleLink, got {dep!r}{hint}")


class UndeclaredDependencyError(LookupError):
    """`i[Dep]` for a Dep the module did not list in requiresDS()."""


class RunParams:
    """`i` in `run(self, i)`: `i[Dep]` is the DataFrame of dependency `Dep`."""

    def __init__(self, owner: str, dataframes: Mapping[str, DataFrame]) -> None:
        self._owner = owner
        self._dataframes = dict(dataframes)

    def __getitem__(self, dep: Any) -> DataFrame:
        urn = dependency_urn(dep)
        if urn not in self._dataframes:
            declared = ", ".join(sorted(self._dataframes)) or "nothing"
            raise UndeclaredDependencyError(
                f"{urn} is not a dependency of {self._owner}: its requiresDS() lists {declared}")
        return self._dataframes[urn]
