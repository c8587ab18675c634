"""The dependency graph as a picture: DOT source and an SVG rendered by graphviz.

Stages are clusters, languages have distinct colours, links and cross-language
edges are drawn distinctly, outputs are marked.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from smv.repository.urn import parse_urn

LANGUAGE_COLOURS = {"python": "#3572a5", "scala": "#c22d40"}
EDGE_STYLES = {
    "same-stage": 'color="#555555"',
    "cross-stage-input": 'color="#555555" style=dotted',
    "link": 'style=dashed color="#2e7d32" label="link" fontsize=9',
    "ext": 'style=bold color="#8e44ad" label="ext" fontsize=9',
}


@dataclass(frozen=True)
class GraphNode:
    urn: str
    language: str
    stage: str
    kind: str = "module"          # "module" or "input"
    is_output: bool = False
    is_ephemeral: bool = False
    table_name: str | None = None  # an output's tableName(): what --publish-hive writes
    # (column, description) of its persisted result's described columns (smvDesc)
    descriptions: tuple[tuple[str, str], ...] = ()

    @property
    def fqn(self) -> str:
        return parse_urn(self.urn).fqn


@dataclass(frozen=True)
class GraphEdge:
    """`source` is the dependency, `target` the dataset that needs it."""

    source: str
    target: str
    kind: str = "same-stage"       # "same-stage", "link", "ext" or "cross-stage-input"


@dataclass(frozen=True)
class DependencyGraph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> "DependencyGraph":
        """From the JVM SmvApp's dependency graph JSON: nodes, and edges `from` a dataset `to` its dependency."""
        nodes = tuple(GraphNode(urn=n["urn"], language=n["language"].lower(), stage=n["stage"],
                                kind=n.get("kind", "module").lower(), is_output=bool(n.get("output")),
                                is_ephemeral=bool(n.get("ephemeral")), table_name=n.get("tableName"),
                                descriptions=tuple((c["column"], c["description"])
                                                   for c in n.get("columnDescriptions", ())))
                      for n in data["nodes"])
        edges = tuple(GraphEdge(source=e["to"], target=e["from"], kind=e.get("kind", "same-stage"))
                      for e in data["edges"])
        return DependencyGraph(nodes, edges)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _node_line(node: GraphNode) -> str:
    colour = LANGUAGE_COLOURS.get(node.language, "#777777")
    shape = "cylinder" if node.kind == "input" else "box"
    extra = " peripheries=2 penwidth=2" if node.is_output else ""
    label = node.fqn.rsplit(".", 1)[-1] + (" (output)" if node.is_output else "")
    tooltip = f"{node.fqn} [{node.language}]" + "".join(f"; {c}: {text}" for c, text in node.descriptions)
    return (f"    {_quote(node.urn)} [label={_quote(label)} tooltip={_quote(tooltip)} shape={shape} "
            f'style="rounded,filled" fillcolor="{colour}22" color="{colour}"{extra}];')


def to_dot(graph: DependencyGraph, title: str = "smv") -> str:
    """DOT source: one cluster per stage, a legend for languages and edge kinds."""
    lines = [f"digraph {_quote(title)} {{", "  rankdir=LR;", '  node [fontname="Helvetica" fontsize=11];',
             f"  label={_quote(title)}; labelloc=t;"]
    stages: dict[str, list[GraphNode]] = {}
    for node in graph.nodes:
        stages.setdefault(node.stage, []).append(node)
    for index, (stage, nodes) in enumerate(sorted(stages.items())):
        lines += [f"  subgraph cluster_{index} {{", f"    label={_quote('stage ' + stage)};",
                  '    style="rounded,dashed"; color="#999999";']
        lines += [_node_line(n) for n in sorted(nodes, key=lambda n: n.urn)]
        lines.append("  }")
    lines += _legend(sorted({n.language for n in graph.nodes}))
    for edge in graph.edges:
        lines.append(f"  {_quote(edge.source)} -> {_quote(edge.target)} [{EDGE_STYLES.get(edge.kind, '')}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _legend(languages: list[str]) -> list[str]:
    """A legend cluster: one swatch per language present, and the edge kinds."""
    lines = ["  subgraph cluster_legend {", '    label="legend"; style="rounded"; color="#cccccc"; fontsize=10;']
    for language in languages:
        colour = LANGUAGE_COLOURS.get(language, "#777777")
        lines.append(f'    "legend:{language}" [label="{language}" shape=box style="rounded,filled" '
                     f'fillcolor="{colour}22" color="{colour}" fontsize=9];')
    for kind in ("link", "ext"):
        lines.append(f'    "legend:{kind}:a" [label="" shape=point]; "legend:{kind}:b" [label="" shape=point];')
        lines.append(f'    "legend:{kind}:a" -> "legend:{kind}:b" [{EDGE_STYLES[kind]}];')
    lines.append("  }")
    return lines


class GraphvizMissingError(RuntimeError):
    """graphviz's `dot` is not installed."""


def render_svg(dot_source: str, svg_path: Path, dot_path: Path | None = None) -> Path:
    """Writes the DOT source (next to the SVG unless told) and renders the SVG with `dot`."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissingError("graphviz is missing ('dot' not on PATH): install it with 'apt-get install graphviz'")
    svg_path.parent.mkdir(parents=True, exist_ok=True)
    (dot_path or svg_path.with_suffix(".dot")).write_text(dot_source)
    subprocess.run([dot, "-Tsvg", "-o", str(svg_path)], input=dot_source, text=True, check=True,
                   capture_output=True, timeout=60)
    return svg_path

