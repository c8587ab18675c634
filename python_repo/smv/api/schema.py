"""SMV's schema format: the column types of a CSV input and how to read its text.

A schema file holds one `name: Type` per line, `@attribute = value` lines
(`@has-header`, `@delimiter`, `@quote-char`), and `#` or `//` comments. Inline
schemas (`SmvCsvStringData.schemaStr()`) separate entries with `;` instead. Types:
String, Integer, Long, Float, Double, Boolean, Decimal[p,s], Date[format],
Timestamp[format].
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql.types import StructType

_ENTRY = re.compile(r"^(?P<name>[^:]+?)\s*:\s*(?P<type>[A-Za-z]+)\s*(?:\[(?P<args>[^\]]*)\])?\s*$")
_ATTRIBUTE = re.compile(r"^@(?P<key>[\w-]+)\s*=\s*(?P<value>.*?)\s*$")
_PLAIN_TYPES = ("String", "Integer", "Long", "Float", "Double", "Boolean")


class SchemaError(ValueError):
    """A schema text SMV cannot read; the message names the source and the line."""


@dataclass(frozen=True)
class CsvAttributes:
    """How a CSV input's text is laid out."""

    delimiter: str = ","
    quote_char: str = '"'
    has_header: bool = False

    def reader_options(self) -> dict[str, str]:
        """Spark CSV reader options for these attributes."""
        return {"sep": self.delimiter, "quote": self.quote_char, "header": str(self.has_header).lower()}


@dataclass(frozen=True)
class SchemaField:
    """One column: its name, SMV type name and type arguments (precision, format)."""

    name: str
    type_name: str
    args: tuple[str, ...] = ()

    @property
    def format(self) -> str | None:
        """The Date/Timestamp format, when one is given."""
        return self.args[0] if self.type_name in ("Date", "Timestamp") and self.args else None


@dataclass(frozen=True)
class SmvSchema:
    """A parsed schema: its columns and the CSV attributes its text declared."""

    fields: tuple[SchemaField, ...]
    attributes: Mapping[str, str] = field(default_factory=dict)

    def csv_attributes(self, override: CsvAttributes | None = None) -> CsvAttributes:
        """The schema's declared attributes, unless `override` (an input's csvAttr()) is given."""
        if override is not None:
            return override
        attrs = CsvAttributes()
        if "delimiter" in self.attributes:
            attrs = replace(attrs, delimiter=_unescape(self.attributes["delimiter"]))
        if "quote-char" in self.attributes:
            attrs = replace(attrs, quote_char=self.attributes["quote-char"])
        if "has-header" in self.attributes:
            attrs = replace(attrs, has_header=self.attributes["has-header"].lower() == "true")
        return attrs

    def struct_type(self) -> StructType:
        """The Spark schema of the columns."""
        from pyspark.sql import types as T

        plain = {"String": T.StringType(), "Integer": T.IntegerType(), "Long": T.LongType(),
                 "Float": T.FloatType(), "Double": T.DoubleType(), "Boolean": T.BooleanType(),
                 "Date": T.DateType(), "Timestamp": T.TimestampType()}
        columns = []
        for f in self.fields:
            data_type: T.DataType
            if f.type_name == "Decimal":
                data_type = T.DecimalType(*(int(a) for a in f.args)) if f.args else T.DecimalType()
            else:
                data_type = plain[f.type_name]
            columns.append(T.StructField(f.name, data_type, True))
        return T.StructType(columns)

    def format_options(self, source: str) -> dict[str, str]:
        """The reader's dateFormat/timestampFormat. Spark's CSV parser takes one format per
        type and file, so columns of one type that declare different formats are an error."""
        options = {}
        for type_name, option in (("Date", "dateFormat"), ("Timestamp", "timestampFormat")):
            formats = {f.format for f in self.fields if f.type_name == type_name}
            if len(formats) > 1:
                shown = ", ".join(sorted(repr(f) if f else "the default" for f in formats))
                raise SchemaError(f"{source}: {type_name} columns declare different formats ({shown}); "
                                  f"a CSV input supports one {type_name} format per file")
            fmt = next(iter(formats), None)
            if fmt:
                options[option] = fmt
        return options


def parse_schema_file(text: str, source: str) -> SmvSchema:
    """Parses a schema file's text (one entry per line); `source` names it in errors."""
    return _parse(text.splitlines(), source)


def parse_schema_str(text: str, source: str) -> SmvSchema:
    """Parses an inline schema such as "id:String; v:Integer"."""
    return _parse(text.split(";"), source)


def _parse(entries: list[str], source: str) -> SmvSchema:
    fields: list[SchemaField] = []
    attributes: dict[str, str] = {}
    for number, raw in enumerate(entries, start=1):
        line = _strip_comment(raw).strip().rstrip(";").strip()
        if not line:
            continue
        attribute = _ATTRIBUTE.match(line)
        if attribute:
            attributes[attribute["key"].lower()] = attribute["value"]
            continue
        fields.append(_parse_entry(line, f"{source}, entry {number}"))
    if not fields:
        raise SchemaError(f"{source}: no columns (expected lines like 'id: String')")
    names = [f.name for f in fields]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SchemaError(f"{source}: duplicate column name(s) {', '.join(duplicates)}")
    return SmvSchema(tuple(fields), attributes)


def _parse_entry(line: str, where: str) -> SchemaField:
    match = _ENTRY.match(line)
    if not match:
        raise SchemaError(f"{where}: cannot read {line!r}; expected 'name: Type' such as 'id: String'")
    name, type_name = match["name"].strip(), match["type"]
    args = tuple(a.strip() for a in match["args"].split(",")) if match["args"] is not None else ()
    if type_name in _PLAIN_TYPES and not args:
        return SchemaField(name, type_name)
    if type_name == "Decimal" and len(args) <= 2 and all(a.isdigit() for a in args):
        return SchemaField(name, type_name, args)
    if type_name in ("Date", "Timestamp") and match["args"] is not None:
        return SchemaField(name, type_name, (match["args"].strip(),))
    if type_name in ("Date", "Timestamp"):
        return SchemaField(name, type_name)
    raise SchemaError(
        f"{where}: unknown type {line.split(':', 1)[1].strip()!r} for column {name!r}; expected one of "
        f"{', '.join(_PLAIN_TYPES)}, Decimal[p,s], Date[format], Timestamp[format]")


def _strip_comment(line: str) -> str:
    """Drops a `#` or `//` comment, except inside a [...] type argument (date formats)."""
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch == "#" or line.startswith("//", i)):
            if ch == "#" and line.lstrip().startswith("@"):
                continue  # '@delimiter = #' is a value, not a comment
            return line[:i]
    return line


def _unescape(value: str) -> str:
    return {"\\t": "\t", "tab": "\t"}.get(value, value)
