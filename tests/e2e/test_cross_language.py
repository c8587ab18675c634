"""Issue 4: the JVM SmvApp runs modules across stages and languages (real Spark, jar, gRPC)."""
from __future__ import annotations

import pytest

from smv.app.smv_app import SmvApp

CASES = {
    "python -> python, one stage": ("smvfix.py1.mods.PyOut", [("b", 6), ("c", 9)]),
    "scala -> scala, one stage": ("smvfix.scala1.Total", [(12,)]),
    "python uses scala (SmvExtDataSet)": ("smvfix.mixed.pymods.PyUsesScala", [("x", 20), ("y", 40)]),
    "scala uses python (SmvExtModule)": ("smvfix.mixed.ScalaUsesPy", [("p1", 1, True), ("p2", 2, True)]),
    "python link across stages": ("smvfix.py2.mods.PyLinksPy", [(15,)]),
    "scala link across stages": ("smvfix.scala2.UsesScala1", [(13,)]),
    "python link to a scala output (SmvExtModuleLink)": ("smvfix.py2.mods.PyLinksScala", [(120,)]),
    "scala link to a python output (SmvExtModuleLink)": ("smvfix.scala2.UsesPyOutput", [("b", 6), ("c", 9)]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_module_rows(crosslang: SmvApp, case: str) -> None:
    name, expected = CASES[case]
    rows = crosslang.run_module(name).collect()
    assert sorted(tuple(r) for r in rows) == expected


def test_a_run_resolves_links_and_ext_edges_to_their_owners(crosslang: SmvApp) -> None:
    graph = crosslang.dependency_graph(["urn:smv:mod:smvfix.py2.mods.PyLinksScala",
                                        "urn:smv:mod:smvfix.mixed.ScalaUsesPy"])
    edges = {(e.target, e.source): e.kind for e in graph.edges}
    assert edges[("urn:smv:mod:smvfix.py2.mods.PyLinksScala", "urn:smv:mod:smvfix.scala1.Total")] == "link"
    assert edges[("urn:smv:mod:smvfix.mixed.ScalaUsesPy", "urn:smv:mod:smvfix.mixed.pymods.PyBase")] == "ext"
    languages = {n.urn: n.language for n in graph.nodes}
    assert languages["urn:smv:mod:smvfix.scala1.Total"] == "scala"
    assert languages["urn:smv:mod:smvfix.mixed.pymods.PyBase"] == "python"


def test_a_direct_dependency_on_another_stage_names_both_modules_and_stages(crosslang: SmvApp) -> None:
    with pytest.raises(Exception) as info:
        crosslang.run_module("smvfix.mixed.DirectCrossStage")
    message = str(info.value)
    for part in ("smvfix.mixed.DirectCrossStage", "smvfix.scala1.Doubled", "smvfix.mixed", "smvfix.scala1"):
        assert part in message
