"""SMV's schema format."""
from __future__ import annotations

import pytest
from pyspark.sql import types as T

from smv.api.schema import CsvAttributes, SchemaError, parse_schema_file, parse_schema_str

SCHEMA_FILE = """\
# accounts
@has-header = true
@delimiter = |
@quote-char = '
id: String            // the key
n: Integer
big: Long
f: Float
d: Double
ok: Boolean
amount: Decimal[10,2]
whole: Decimal
day: Date[yyyyMMdd]
at: Timestamp[yyyy-MM-dd HH:mm:ss]

"""


def test_schema_file_types_attributes_and_comments() -> None:
    schema = parse_schema_file(SCHEMA_FILE, "accounts.schema")
    assert schema.struct_type() == T.StructType([
        T.StructField("id", T.StringType()), T.StructField("n", T.IntegerType()),
        T.StructField("big", T.LongType()), T.StructField("f", T.FloatType()),
        T.StructField("d", T.DoubleType()), T.StructField("ok", T.BooleanType()),
        T.StructField("amount", T.DecimalType(10, 2)), T.StructField("whole", T.DecimalType()),
        T.StructField("day", T.DateType()), T.StructField("at", T.TimestampType())])
    assert schema.csv_attributes() == CsvAttributes(delimiter="|", quote_char="'", has_header=True)
    assert schema.format_options("x") == {"dateFormat": "yyyyMMdd", "timestampFormat": "yyyy-MM-dd HH:mm:ss"}


def test_inline_schema_separates_entries_with_semicolons() -> None:
    schema = parse_schema_str("id:String; v:Integer;", "Mod.schemaStr()")
    assert [(f.name, f.type_name) for f in schema.fields] == [("id", "String"), ("v", "Integer")]
    assert schema.csv_attributes() == CsvAttributes()


def test_csv_attr_overrides_the_schema_attributes() -> None:
    schema = parse_schema_file("@delimiter = |\na: String\n", "s")
    assert schema.csv_attributes(CsvAttributes(delimiter="\t")).delimiter == "\t"


@pytest.mark.parametrize("text, message", [
    ("id: Strin", "s, entry 1: unknown type 'Strin' for column 'id'"),
    ("id String", "cannot read 'id String'; expected 'name: Type'"),
    ("a: Decimal[x,2]", "unknown type 'Decimal[x,2]'"),
    ("a: Integer[3]", "unknown type 'Integer[3]'"),
    ("# nothing\n", "no columns"),
    ("a: String\na: Integer", "duplicate column name(s) a"),
])
def test_bad_schemas_name_the_source_and_entry(text: str, message: str) -> None:
    with pytest.raises(SchemaError) as info:
        parse_schema_file(text, "s")
    assert message in str(info.value)


def test_one_date_format_per_file() -> None:
    schema = parse_schema_file("a: Date[yyyyMMdd]\nb: Date\n", "s")
    with pytest.raises(SchemaError, match="Date columns declare different formats"):
        schema.format_options("s")
