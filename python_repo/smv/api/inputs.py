"""Input datasets: CSV files beside an SMV schema file, and CSV text inline in code.

Inputs are ephemeral. Records that fail to parse are counted (with a few samples)
and left out of the result; the count travels as `parser_error_count` and the
type-specific DQM policy (FailParserCountPolicy(1) unless `failAtParsingError()`
is False) decides whether the run fails.
"""
from __future__ import annotations

import abc
from typing import TYPE_CHECKING

from smv.api.dataset import RunOutput, RunParams, SmvDataSet
from smv.api.dqm import FailParserCountPolicy, SmvDQM
from smv.api.schema import CsvAttributes, SmvSchema, parse_schema_file, parse_schema_str
from smv.api.files import LocationError, child

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

_CORRUPT_COLUMN = "_smv_corrupt_record"
_MAX_SAMPLES = 5


class InputDataError(Exception):
    """An input's data or schema file is missing or unreadable."""


class SmvInput(SmvDataSet):
    """Base of the CSV inputs: a schema, CSV text lines, and parser-error accounting."""

    kind = "input"

    def isEphemeral(self) -> bool:
        return True

    def csvAttr(self) -> CsvAttributes | None:
        """CSV layout overriding the schema's @ attributes (None: use the schema's)."""
        return None

    def failAtParsingError(self) -> bool:
        """True (default) adds FailParserCountPolicy(1): any unparsable record fails the run."""
        return True

    def dqmWithTypeSpecificPolicy(self) -> SmvDQM:
        dqm = self.dqm()
        if self.failAtParsingError() and not dqm.has_policy(FailParserCountPolicy):
            dqm = dqm.add(FailParserCountPolicy(1))
        return dqm

    @abc.abstractmethod
    def smvSchema(self) -> SmvSchema:
        """The parsed schema."""

    @abc.abstractmethod
    def textLines(self, spark: SparkSession) -> DataFrame:
        """The CSV text, one record per row in a string column."""

    def doRun(self, i: RunParams) -> RunOutput:
        spark = self.smvApp.spark
        return parse_csv_lines(spark, self.textLines(spark), self.smvSchema(), self.csvAttr(), self.fqn())


class SmvCsvFile(SmvInput):
    """A CSV file (or a folder of them) under the app's input dir, with `<name>.schema` beside it."""

    @abc.abstractmethod
    def path(self) -> str:
        """The data's path relative to the app's input dir (smv.inputDir)."""

    def fullPath(self) -> str:
        """Where the data is: `path()` below smv.inputDir (a path or a Hadoop URI)."""
        if self.smvApp.input_dir is None:
            raise InputDataError(f"{self.fqn()} reads {self.path()!r} relative to the input dir, "
                                 "but the repository has none (set smv.inputDir)")
        return child(self.smvApp.input_dir, self.path())

    def schemaPath(self) -> str:
        """The schema beside the data: `.gz`, then the last extension, replaced by `.schema`."""
        data = self.fullPath()
        data = data[:-3] if data.endswith(".gz") else data
        head, slash, name = data.rpartition("/")
        stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
        return f"{head}{slash}{stem}.schema"

    def smvSchema(self) -> SmvSchema:
        return parse_schema_file(self._schema_text(), self.schemaPath())

    def textLines(self, spark: SparkSession) -> DataFrame:
        return spark.read.text(self._existing_data())

    def hashExtras(self) -> list[str]:
        """Path as written, modification time in ms (Hadoop's, equal without Spark: see smv.api.files), schema."""
        return [*super().hashExtras(), f"path={self.path()}", f"mtime_ms={self._data_mtime_ms()}",
                f"schema={self._schema_text()}"]

    def _schema_text(self) -> str:
        schema = self.schemaPath()
        try:
            return self.smvApp.files.read_text(schema)
        except (OSError, LocationError) as exc:
            raise InputDataError(f"schema file {schema} of {self.fqn()} cannot be read "
                                 f"(smv.inputDir = {self.smvApp.input_dir}): {exc}") from exc

    def _existing_data(self) -> str:
        """The data's location; a clear error (before Spark's) when nothing is there."""
        self._data_mtime_ms()
        return self.fullPath()

    def _data_mtime_ms(self) -> int:
        """The data's modification time (a folder's newest file's); a clear error when it is missing."""
        data = self.fullPath()
        try:
            mtime = self.smvApp.files.modification_time_ms(data)
        except LocationError as exc:
            raise InputDataError(f"data file {data} of {self.fqn()}: {exc}") from exc
        if mtime < 0:
            raise InputDataError(f"data file {data} of {self.fqn()} does not exist "
                                 f"(smv.inputDir = {self.smvApp.input_dir})")
        return mtime


class SmvCsvStringData(SmvInput):
    """CSV records in code: `schemaStr()` like "id:String; v:Integer", `dataStr()` records
    separated by `;`."""

    @abc.abstractmethod
    def schemaStr(self) -> str:
        """The schema, entries separated by `;`."""

    @abc.abstractmethod
    def dataStr(self) -> str:
        """The records, separated by `;`."""

    def smvSchema(self) -> SmvSchema:
        return parse_schema_str(self.schemaStr(), f"{self.fqn()}.schemaStr()")

    def textLines(self, spark: SparkSession) -> DataFrame:
        records = [r.strip() for r in self.dataStr().split(";") if r.strip()]
        return spark.createDataFrame([(r,) for r in records], "value string")

    def hashExtras(self) -> list[str]:
        return [*super().hashExtras(), f"schema={self.schemaStr()}", f"data={self.dataStr()}"]


def parse_csv_lines(spark: SparkSession, lines: DataFrame, schema: SmvSchema,
                    attributes: CsvAttributes | None, source: str) -> RunOutput:
    """Parses CSV text lines with `schema`; unparsable records are counted and left out.

    Parsing a Dataset of lines (not a file source) makes Spark's CSV parser read every
    column of every record, whatever columns a later query selects, so a record's
    verdict never depends on downstream column pruning.
    """
    from pyspark.sql import DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType

    struct = schema.struct_type().add(_CORRUPT_COLUMN, StringType(), True)
    options = {**schema.csv_attributes(attributes).reader_options(), **schema.format_options(source),
               "mode": "PERMISSIVE", "columnNameOfCorruptRecord": _CORRUPT_COLUMN}
    reader = spark.read.schema(struct).options(**options)
    from smv.spark.jvm import jvm_class, jvm_of

    jlines = getattr(lines._jdf, "as")(jvm_class(jvm_of(spark), "org.apache.spark.sql.Encoders").STRING())
    parsed = DataFrame(reader._jreader.csv(jlines), spark)
    corrupt = F.col(_CORRUPT_COLUMN)
    failed = parsed.where(corrupt.isNotNull()).select(corrupt)
    count = failed.count()
    samples = [row[0] for row in failed.limit(_MAX_SAMPLES).collect()] if count else []
    return RunOutput(parsed.where(corrupt.isNull()).drop(_CORRUPT_COLUMN), count, tuple(samples))
