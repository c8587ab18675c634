"""Up-front checks of a helper's Python arguments: a TypeError naming the helper and what it takes.

The JVM would fail on a wrong argument too, but with a py4j message about Java method
signatures; these say which helper and which arguments, as the caller wrote them.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyspark.sql import Column, DataFrame


def expect(ok: bool, helper: str, signature: str, got: Any) -> None:
    """Raises `TypeError("helper(signature) ...; got ...")` unless ok."""
    if not ok:
        raise TypeError(f"{helper}({signature}): wrong arguments, got {describe(got)}")


def describe(value: Any) -> str:
    """A short description of what was passed, for the error message."""
    if isinstance(value, tuple):
        return "(" + ", ".join(describe(v) for v in value) + ")" if value else "no arguments"
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}"


def columns(helper: str, signature: str, cols: Sequence[Any], minimum: int = 1) -> list[Column | str]:
    """Column names or Columns, at least `minimum` of them."""
    expect(len(cols) >= minimum and all(isinstance(c, (str, Column)) for c in cols), helper, signature, tuple(cols))
    return list(cols)


def names(helper: str, signature: str, values: Sequence[Any], minimum: int = 1) -> list[str]:
    """Column names (strings), at least `minimum` of them."""
    expect(len(values) >= minimum and all(isinstance(v, str) for v in values), helper, signature, tuple(values))
    return list(values)


def name_list(helper: str, signature: str, value: Any) -> list[str]:
    """A list of column names; a single name is taken as a list of one."""
    values = [value] if isinstance(value, str) else value
    expect(isinstance(values, (list, tuple)) and bool(values) and all(isinstance(v, str) for v in values),
           helper, signature, value)
    return list(values)


def dataframes(helper: str, signature: str, dfs: Sequence[Any], minimum: int = 1) -> list[DataFrame]:
    """DataFrames, at least `minimum` of them."""
    expect(len(dfs) >= minimum and all(isinstance(d, DataFrame) for d in dfs), helper, signature, tuple(dfs))
    return list(dfs)


def integer(value: Any) -> bool:
    """An int that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)
