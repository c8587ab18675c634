"""SQL modules in both forms (.sql files, SmvSqlModule) upstream and downstream of Python and
Scala modules, in one run of the sqlmods app on the real JVM SmvApp."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from smv.app.smv_app import SmvApp

MOD = "urn:smv:mod:smvfix.sqlmix."
TARGETS = {
    # Scala uses a .sql module that joins a Python input with a Scala module
    f"{MOD}UsesSql": [("a", 10, True), ("a", 20, True), ("b", 300, True)],
    # .sql on .sql (a CTE and a subquery), with a link to another stage's Scala output
    f"{MOD}totals": [("a", 30, 250.0), ("b", 300, 2500.0)],
    # Python on an SmvSqlModule on a .sql module and a Scala module
    f"{MOD}big.BigKeysDoubled": [("b", 600, 100)],
}


def test_sql_modules_run_between_python_and_scala_modules(sqlmods_dir: Path,
                                                          open_app: Callable[[Path], SmvApp]) -> None:
    app = open_app(sqlmods_dir)
    result = app.run(list(TARGETS))
    for urn, rows in TARGETS.items():
        assert sorted(tuple(r) for r in result.dataframes[urn].collect()) == rows, urn
    assert set(result.report["ran"]) >= {f"{MOD}priced", f"{MOD}big.BigKeys"}

    graph = app.dependency_graph(list(TARGETS))
    edges = {(e.target, e.source): e.kind for e in graph.edges}
    assert edges[(f"{MOD}priced", f"{MOD}inputs.Orders")] == "same-stage"
    assert edges[(f"{MOD}priced", f"{MOD}Rates")] == "ext"
    assert edges[(f"{MOD}totals", "urn:smv:mod:smvfix.scala1.Total")] == "link"
    assert edges[(f"{MOD}big.BigKeys", f"{MOD}totals")] == "same-stage"
    assert edges[(f"{MOD}big.BigKeys", f"{MOD}Rates")] == "ext"
    nodes = {n.urn: n for n in graph.nodes}
    assert nodes[f"{MOD}priced"].is_output and nodes[f"{MOD}priced"].language == "python"
    assert set(app.outputs_of("smvfix.sqlmix")) == {
        f"{MOD}priced", f"{MOD}totals", f"{MOD}big.BigKeys", f"{MOD}big.BigKeysDoubled", f"{MOD}UsesSql"}

    again = app.run(list(TARGETS))
    assert again.report["ran"] == [] and f"{MOD}totals" in again.report["reused"]
