"""smvDiscoverSchemaToFile: an SMV schema file proposed from a CSV file's header and data."""
from __future__ import annotations

import re
from pathlib import Path

from pyspark.sql import types as T

from smv.shell.functions import shell_app

_PLAIN = {T.IntegerType: "Integer", T.LongType: "Long", T.DoubleType: "Double", T.FloatType: "Float",
          T.BooleanType: "Boolean", T.StringType: "String"}


def smv_type(data_type: T.DataType) -> str:
    """The SMV schema type for a Spark type Spark inferred (String when SMV has none)."""
    if isinstance(data_type, T.DecimalType):
        return f"Decimal[{data_type.precision},{data_type.scale}]"
    if isinstance(data_type, T.TimestampType):
        return "Timestamp[yyyy-MM-dd HH:mm:ss]"
    if isinstance(data_type, T.DateType):
        return "Date[yyyy-MM-dd]"
    return _PLAIN.get(type(data_type), "String")


def smvDiscoverSchemaToFile(path: str, n: int = 100000, delimiter: str = ",") -> str:
    """Writes `<name>.schema.toBeReviewed` beside a CSV file with a header, its types inferred from
    the first `n` records; review it and rename it `<name>.schema`. Returns the file written."""
    spark = shell_app().spark
    lines = spark.read.text(path).limit(n + 1)
    # pyspark reads CSV from an RDD of lines too (its stubs list only paths)
    frame = spark.read.options(header=True, inferSchema=True, sep=delimiter).csv(
        lines.rdd.map(lambda r: r[0]))  # type: ignore[arg-type]
    fields = [f"{re.sub(r'[^A-Za-z0-9_]', '_', f.name) or f'_c{i}'}: {smv_type(f.dataType)}"
              for i, f in enumerate(frame.schema.fields)]
    attrs = ["@has-header = true"] + ([f"@delimiter = {delimiter}"] if delimiter != "," else [])
    csv = Path(path)
    target = csv.with_name((csv.name[:-4] if csv.name.endswith(".csv") else csv.name) + ".schema.toBeReviewed")
    target.write_text("\n".join(attrs + fields) + "\n")
    print(f"wrote {target}: review it, then rename it {target.name[:-len('.toBeReviewed')]}")
    return str(target)
