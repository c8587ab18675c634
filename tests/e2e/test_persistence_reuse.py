"""Issue 4: a second run reuses every persisted output; an upstream edit recomputes exactly
the edited module and what depends on it."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from pyspark.sql import SparkSession

from smv.app.smv_app import SmvApp
from smv.spark.jvm import jvm_of

TARGETS = ["urn:smv:mod:smvfix.py2.mods.PyLinksPy", "urn:smv:mod:smvfix.scala2.UsesPyOutput",
           "urn:smv:mod:smvfix.py2.mods.PyLinksScala", "urn:smv:mod:smvfix.scala2.UsesScala1"]
PY_MODULES = ["smvfix.py1.mods.PyTripled", "smvfix.py1.mods.PyOut", "smvfix.py2.mods.PyLinksPy",
              "smvfix.py2.mods.PyLinksScala"]
SCALA_MODULES = ["smvfix.scala1.Doubled", "smvfix.scala1.Total", "smvfix.scala2.UsesScala1",
                 "smvfix.scala2.UsesPyOutput"]


def run_counts(spark: SparkSession) -> dict[str, int]:
    """How often each module's run() was called so far (Python and Scala)."""
    runcounts = sys.modules["runcounts"]
    counts = {m: runcounts.RUNS[m] for m in PY_MODULES}
    counts.update({m: int(jvm_of(spark).smvfix.RunCounts.count(m)) for m in SCALA_MODULES})
    return counts


def ran_modules(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {m for m in after if after[m] != before[m]}


def test_second_run_reuses_everything_then_an_edit_recomputes_exactly_downstream(
        spark: SparkSession, app_copy: Callable[[str], Path], open_app: Callable[[Path], SmvApp]) -> None:
    app_dir = app_copy("crosslang")
    first = open_app(app_dir).run(TARGETS)
    assert {tuple(r) for r in first.dataframes["urn:smv:mod:smvfix.py2.mods.PyLinksPy"].collect()} == {(15,)}
    counts_after_first = run_counts(spark)
    assert all(counts_after_first[m] >= 1 for m in PY_MODULES + SCALA_MODULES)

    second = open_app(app_dir).run(TARGETS)
    assert run_counts(spark) == counts_after_first, "a module's run() was called again"
    assert second.report["ran"] == []
    assert set(second.report["reused"]) == set(TARGETS)
    assert {tuple(r) for r in second.dataframes["urn:smv:mod:smvfix.scala2.UsesScala1"].collect()} == {(13,)}

    module = app_dir / "src" / "main" / "python" / "smvfix" / "py1" / "mods.py"
    module.write_text(module.read_text().replace('F.col("v") * 3', 'F.col("v") * 4'))
    third = open_app(app_dir).run(TARGETS)
    assert ran_modules(counts_after_first, run_counts(spark)) == {
        "smvfix.py1.mods.PyTripled", "smvfix.py1.mods.PyOut", "smvfix.py2.mods.PyLinksPy",
        "smvfix.scala2.UsesPyOutput"}
    assert set(third.report["reused"]) == {"urn:smv:mod:smvfix.py2.mods.PyLinksScala",
                                           "urn:smv:mod:smvfix.scala2.UsesScala1"}
    assert {tuple(r) for r in third.dataframes["urn:smv:mod:smvfix.py2.mods.PyLinksPy"].collect()} == {(24,)}  # v * 4 > 3: 4 + 8 + 12
