"""Up-front checks of helper arguments: a TypeError naming the helper and what it expects.

Checked in Python, before any py4j call, so a wrong type never becomes a JVM stack trace.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyspark.sql import Column


def _fail(signature: str, name: str, expected: str, value: Any) -> TypeError:
    return TypeError(f"{signature}: {name} must be {expected}, not {type(value).__name__} {value!r}")


def check_int(signature: str, name: str, value: Any) -> int:
    """`value` as an int (bool refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(signature, name, "an int", value)
    return value


def check_bool(signature: str, name: str, value: Any) -> bool:
    """`value` as a bool."""
    if not isinstance(value, bool):
        raise _fail(signature, name, "a bool", value)
    return value


def check_str(signature: str, name: str, value: Any) -> str:
    """`value` as a str."""
    if not isinstance(value, str):
        raise _fail(signature, name, "a str", value)
    return value


def check_names(signature: str, name: str, value: Any) -> list[str]:
    """`value` as a list of column names: a list or tuple of str (a lone str is refused, as SMV's lists)."""
    if isinstance(value, str) or not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise _fail(signature, name, "a list of column names (str)", value)
    return list(value)


def check_name_lists(signature: str, name: str, value: Any) -> list[list[str]]:
    """`value` as a list of lists of column names, e.g. [["month", "product"]]."""
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise _fail(signature, name, 'a list of lists of column names, e.g. [["month", "product"]]', value)
    return [check_names(signature, name, v) for v in value]


def check_columns(signature: str, name: str, values: Sequence[Any]) -> list[Any]:
    """`values` as columns: each a column name (str) or a Column."""
    for v in values:
        if not isinstance(v, (str, Column)):
            raise _fail(signature, name, "column names (str) or Columns", v)
    return list(values)


def check_nonempty(signature: str, name: str, values: Sequence[Any]) -> None:
    """At least one value."""
    if len(values) == 0:
        raise TypeError(f"{signature}: needs at least one {name}")
