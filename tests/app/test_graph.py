"""The dependency graph picture: valid SVG naming every dataset, stages as clusters."""
import xml.etree.ElementTree as ET
from pathlib import Path

from smv.app.graph import DependencyGraph, render_svg, to_dot

GRAPH_JSON = {
    "nodes": [
        {"urn": "urn:smv:mod:s1.inputs.Orders", "language": "PYTHON", "stage": "s1", "kind": "INPUT",
         "ephemeral": True},
        {"urn": "urn:smv:mod:s1.Clean", "language": "scala", "stage": "s1", "output": True},
        {"urn": "urn:smv:mod:s2.report.Report", "language": "python", "stage": "s2", "output": True},
    ],
    "edges": [
        {"from": "urn:smv:mod:s1.Clean", "to": "urn:smv:mod:s1.inputs.Orders", "kind": "ext"},
        {"from": "urn:smv:mod:s2.report.Report", "to": "urn:smv:mod:s1.Clean", "kind": "link"},
    ],
}


def test_dot_has_a_cluster_per_stage_and_distinct_edge_kinds() -> None:
    dot = to_dot(DependencyGraph.from_json(GRAPH_JSON))
    assert dot.count("subgraph cluster_") == 3  # two stages and the legend
    assert '"legend:python"' in dot and '"legend:scala"' in dot
    assert '"stage s1"' in dot and '"stage s2"' in dot
    assert "style=dashed" in dot and "style=bold" in dot
    assert "#3572a5" in dot and "#c22d40" in dot
    assert dot.count("peripheries=2") == 2
    assert '"urn:smv:mod:s1.Clean" -> "urn:smv:mod:s2.report.Report"' in dot


def test_svg_is_valid_and_names_every_dataset(tmp_path: Path) -> None:
    svg = render_svg(to_dot(DependencyGraph.from_json(GRAPH_JSON)), tmp_path / "graph.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    for name in ("Orders", "Clean (output)", "Report (output)", "stage s1", "stage s2"):
        assert name in text
    assert (tmp_path / "graph.dot").read_text().startswith("digraph")
