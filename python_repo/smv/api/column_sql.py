"""A pyspark Column as Spark SQL text, so DQM rules travel as data.

Spark 4 Columns are unresolved ColumnNode trees whose `sql` renders operators as
functions (`<(b, 0.4)`), which Spark SQL cannot parse back. This walks the tree
through py4j and writes SQL Spark parses, refusing (never guessing) node kinds it
does not know.
"""
from __future__ import annotations

import re
from typing import Any

_INFIX = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "=", "==": "=", "!=": "!=", "<=>": "<=>",
          "+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "&": "&", "|": "|", "^": "^",
          "and": "AND", "or": "OR", "like": "LIKE", "rlike": "RLIKE", "ilike": "ILIKE"}
_POSTFIX = {"isnull": "IS NULL", "isnotnull": "IS NOT NULL"}
_NOT = {"!", "not"}
_SIMPLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def to_sql(value: Any, what: str) -> str:
    """`value` (SQL text or a classic pyspark Column) as SQL text; `what` names it in errors."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"{what} must not be empty")
        return value
    return _node_sql(_column_node(value, what), what)


def alias_of(value: Any, what: str) -> tuple[str, str] | None:
    """(column name, value SQL) when `value` is a Column aliased with .alias(name); else None."""
    if isinstance(value, str):
        return None
    node = _column_node(value, what)
    if node.getClass().getSimpleName() != "Alias":
        return None
    return ".".join(_seq(node.name())), _node_sql(node.child(), what)


def quote_identifier(name: str) -> str:
    return name if _SIMPLE_NAME.match(name) else "`" + name.replace("`", "``") + "`"


def _column_node(value: Any, what: str) -> Any:
    jc = getattr(value, "_jc", None)
    if jc is None:
        raise TypeError(f"{what} must be Spark SQL text or a pyspark Column (classic mode), "
                        f"got {type(value).__name__}")
    return jc.node()


def _node_sql(node: Any, what: str) -> str:
    kind = node.getClass().getSimpleName()
    if kind == "UnresolvedFunction":
        return _function_sql(node, what)
    if kind == "Alias":
        return f"{_node_sql(node.child(), what)} AS {quote_identifier('.'.join(_seq(node.name())))}"
    if kind == "Cast":
        return f"CAST({_node_sql(node.child(), what)} AS {node.dataType().sql()})"
    if kind == "CaseWhenOtherwise":
        branches = " ".join(f"WHEN {_node_sql(b._1(), what)} THEN {_node_sql(b._2(), what)}"
                            for b in _seq(node.branches()))
        otherwise = node.otherwise()
        tail = f" ELSE {_node_sql(otherwise.get(), what)}" if otherwise.isDefined() else ""
        return f"CASE {branches}{tail} END"
    if kind == "SqlExpression":
        return f"({node.expression()})"
    if kind == "UnresolvedAttribute":
        return ".".join(quote_identifier(str(part)) for part in _seq(node.nameParts()))
    if kind == "Literal":
        # Catalyst's Literal writes typed SQL literals (DATE '2020-01-01', 0.4D, 'it\\'s').
        return str(_catalyst_literal().apply(node.value()).sql())
    if kind == "UnresolvedStar":
        return str(node.sql())
    raise TypeError(f"{what}: cannot write the Column {node.sql()} as SQL text (it uses {kind}); "
                    "give the expression as a Spark SQL string instead")


def _function_sql(node: Any, what: str) -> str:
    name = str(node.functionName())
    args = [_node_sql(a, what) for a in _seq(node.arguments())]
    key = name.lower()
    if key in _INFIX and len(args) == 2:
        return f"({args[0]} {_INFIX[key]} {args[1]})"
    if key in _POSTFIX and len(args) == 1:
        return f"({args[0]} {_POSTFIX[key]})"
    if key in _NOT and len(args) == 1:
        return f"(NOT {args[0]})"
    if key == "negative" and len(args) == 1:
        return f"(- {args[0]})"
    if key == "in" and args:
        return f"({args[0]} IN ({', '.join(args[1:])}))"
    if not _SIMPLE_NAME.match(name):
        raise TypeError(f"{what}: cannot write the operator {name!r} as SQL text; "
                        "give the expression as a Spark SQL string instead")
    distinct = "DISTINCT " if node.isDistinct() else ""
    return f"{name}({distinct}{', '.join(args)})"


def _catalyst_literal() -> Any:
    """Catalyst's Literal companion object (py4j reaches Scala objects through MODULE$)."""
    from pyspark import SparkContext

    context = SparkContext._active_spark_context
    if context is None or context._jvm is None:
        raise RuntimeError("turning a Column into SQL text needs the active SparkContext")
    return getattr(getattr(context._jvm.org.apache.spark.sql.catalyst.expressions, "Literal$"), "MODULE$")


def _seq(jseq: Any) -> list[Any]:
    return [jseq.apply(i) for i in range(jseq.length())]
