"""A query's normalized text (what a SQL module's hash covers): comments and layout out,
string literals and quoted names exactly as written."""
from __future__ import annotations

import pytest

from smv.sql.text import normalized_sql

BASE = "SELECT a, 'x -- y' AS s FROM t WHERE b > 1"


@pytest.mark.parametrize("same", [
    "SELECT a, 'x -- y' AS s FROM t WHERE b > 1;",
    "-- header\nSELECT a,\n       'x -- y' AS s   -- trailing\nFROM t /* block\n comment */ WHERE b > 1\n",
    "\tSELECT  a, 'x -- y' AS s\n\nFROM t\nWHERE b > 1 ;\n",
])
def test_comments_blanks_and_a_final_semicolon_do_not_count(same: str) -> None:
    assert normalized_sql(same) == BASE


@pytest.mark.parametrize("different", [
    "SELECT a, 'x --  y' AS s FROM t WHERE b > 1",      # inside a string literal
    "SELECT a, 'x -- y' AS s FROM t WHERE b > 2",
    "SELECT a, 'x -- y' AS `s  t` FROM t WHERE b > 1",  # a quoted name
    "SELECT a, 'x -- y' AS s FROM t WHERE b >= 1",
])
def test_any_other_edit_counts(different: str) -> None:
    assert normalized_sql(different) != BASE


def test_quotes_escaped_inside_literals_stay_literals() -> None:
    assert normalized_sql("SELECT 'it''s -- no comment', \"a\\\" -- b\" FROM t") == \
        "SELECT 'it''s -- no comment', \"a\\\" -- b\" FROM t"
