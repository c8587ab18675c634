"""A SQL query's text as its hash sees it: without comments, with each run of blanks as one
space, string literals and quoted names kept exactly.

Pure Python (no Spark), so a metadata-only repository hashes SQL modules as smv-run does.
"""
from __future__ import annotations

import re

# One token at a time: a quoted string or name (kept), a comment (dropped), blanks (one space),
# anything else (kept). Quotes escape themselves by doubling or with a backslash, as in Spark.
_TOKEN = re.compile(r"""
    (?P<quoted>'(?:[^'\\]|\\.|'')*'? | "(?:[^"\\]|\\.|"")*"? | `(?:[^`]|``)*`?)
  | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<blank>\s+)
  | (?P<other>[^'"`\s/-]+|[/-])
""", re.VERBOSE | re.DOTALL)


def normalized_sql(text: str) -> str:
    """`text` without comments or layout; two queries with one normalized text are one query."""
    parts: list[str] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("comment", "blank"):
            if parts and parts[-1] != " ":
                parts.append(" ")
        else:
            parts.append(match.group())
    return "".join(parts).strip().rstrip(";").strip()
