"""Positions for the page's graph, computed by graphviz (`dot -Tjson0`).

Big apps are drawn collapsed: past LIMIT datasets, datasets are grouped by the Python module
(or Scala package) that defines them, and past LIMIT groups by stage; a person expands a group,
collapses a stage or focuses on a dataset (its ancestors and descendants only).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any, Iterable

from smv.app.graph import LANGUAGE_COLOURS

LIMIT = 1500  # datasets (or groups) drawn one by one; dot stays within a few seconds below it
NODE_WIDTH, NODE_HEIGHT = 2.2, 0.45  # inches: fixed sizes, so dot never measures text


@dataclass(frozen=True)
class ViewSpec:
    """What to draw: everything, or one dataset's family; groups expanded; stages collapsed; the app's
    graph as it is now, or as a past run planned it (`run`)."""

    run: str | None = None
    focus: str | None = None
    expand: frozenset[str] = frozenset()
    collapse: frozenset[str] = frozenset()


@dataclass
class AppGraph:
    """The app's datasets (the JVM's dependencyGraphJson nodes) and edges (dependency -> user)."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    by_urn: dict[str, dict[str, Any]] = field(init=False)
    users: dict[str, list[str]] = field(init=False)
    needs: dict[str, list[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_urn = {n["urn"]: n for n in self.nodes}
        self.users, self.needs = {}, {}
        for e in self.edges:
            self.users.setdefault(e["source"], []).append(e["target"])
            self.needs.setdefault(e["target"], []).append(e["source"])

    @staticmethod
    def from_jvm_json(data: dict[str, Any]) -> "AppGraph":
        """From SmvApp.dependencyGraphJson: edges there go from a dataset to its dependency."""
        edges = [{"source": e["to"], "target": e["from"], "kind": e.get("kind", "same-stage")} for e in data["edges"]]
        return AppGraph(list(data["nodes"]), edges)

    @staticmethod
    def from_run(planned: dict[str, dict[str, Any]]) -> "AppGraph":
        """The graph a run planned, from its `dataset-planned` events (each with its `dependencies`):
        the app as it was then, whatever was added or removed since."""
        nodes = [d for d in planned.values() if d.get("fqn") and d.get("stage")]
        known = {n["urn"] for n in nodes}
        edges = [{"source": dep["urn"], "target": n["urn"], "kind": dep.get("kind", "same-stage")}
                 for n in nodes for dep in n.get("dependencies") or [] if dep.get("urn") in known]
        return AppGraph(nodes, edges)

    def family(self, urn: str) -> set[str]:
        """The dataset, its ancestors and its descendants."""
        return {urn} | _reach(urn, self.needs) | _reach(urn, self.users)


def _reach(start: str, step: dict[str, list[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in step.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def group_of(node: dict[str, Any]) -> str:
    """The Python module or Scala package that defines a dataset: its fqn without the class name."""
    return str(node["fqn"]).rsplit(".", 1)[0]


def boxes(graph: AppGraph, view: ViewSpec) -> dict[str, str]:
    """Each visible dataset's box: its own urn, `group:<module>` or `stage:<stage>`."""
    urns: Iterable[str] = graph.family(view.focus) if view.focus in graph.by_urn else graph.by_urn
    nodes = [graph.by_urn[u] for u in urns]
    grouped = len(nodes) > LIMIT
    by_stage = grouped and len({group_of(n) for n in nodes}) > LIMIT
    out = {}
    for n in nodes:
        if n["stage"] in view.collapse or (by_stage and n["stage"] not in view.expand):
            out[n["urn"]] = "stage:" + n["stage"]
        elif grouped and group_of(n) not in view.expand:
            out[n["urn"]] = "group:" + group_of(n)
        else:
            out[n["urn"]] = n["urn"]
    return out


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: AppGraph, box_of: dict[str, str]) -> str:
    """DOT of the visible boxes: stages as clusters, edges between boxes once each."""
    stages: dict[str, set[str]] = {}
    for urn, box in box_of.items():
        stages.setdefault(graph.by_urn[urn]["stage"], set()).add(box)
    lines = ["digraph smv {", "  rankdir=LR; nodesep=0.15; ranksep=0.6;",
             f"  node [shape=box fixedsize=true width={NODE_WIDTH} height={NODE_HEIGHT} label=\"\"];"]
    for index, (stage, members) in enumerate(sorted(stages.items())):
        loose = {b for b in members if b.startswith("stage:")}
        lines += [f"  {_quote(b)};" for b in sorted(loose)]
        inside = sorted(members - loose)
        if inside:
            lines += [f"  subgraph cluster_{index} {{ label={_quote(stage)};"]
            lines += [f"    {_quote(b)};" for b in inside]
            lines.append("  }")
    seen: set[tuple[str, str]] = set()
    for e in graph.edges:
        a, b = box_of.get(e["source"]), box_of.get(e["target"])
        if a and b and a != b and (a, b) not in seen:
            seen.add((a, b))
            lines.append(f"  {_quote(a)} -> {_quote(b)} [class={_quote(e['kind'])}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def layout(graph: AppGraph, view: ViewSpec) -> dict[str, Any]:
    """The boxes, clusters and edges of a view, with positions in points (y down)."""
    box_of = boxes(graph, view)
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError("graphviz is missing ('dot' not on PATH): install it with 'apt-get install graphviz'")
    done = subprocess.run([dot, "-Tjson0"], input=to_dot(graph, box_of), text=True, capture_output=True,
                          check=True, timeout=600)
    return _positions(graph, box_of, json.loads(done.stdout))


def _box_info(graph: AppGraph, box: str, members: list[str]) -> dict[str, Any]:
    if box in graph.by_urn:
        n = graph.by_urn[box]
        return {"id": box, "kind": "dataset", "label": n["fqn"].rsplit(".", 1)[-1], "fqn": n["fqn"],
                "language": n["language"], "stage": n["stage"], "input": n.get("kind") == "input",
                "output": bool(n.get("output")), "colour": LANGUAGE_COLOURS.get(n["language"], "#777777")}
    kind, name = box.split(":", 1)
    languages = sorted({graph.by_urn[m]["language"] for m in members})
    return {"id": box, "kind": kind, "label": f"{name.rsplit('.', 1)[-1]} ({len(members)})", "fqn": name,
            "language": ",".join(languages), "stage": graph.by_urn[members[0]]["stage"], "members": members,
            "colour": LANGUAGE_COLOURS.get(languages[0], "#777777") if len(languages) == 1 else "#777777"}


def _positions(graph: AppGraph, box_of: dict[str, str], out: dict[str, Any]) -> dict[str, Any]:
    height = float(out["bb"].split(",")[3])
    members: dict[str, list[str]] = {}
    for urn, box in box_of.items():
        members.setdefault(box, []).append(urn)
    boxes_out, clusters, gvid = [], [], {}
    for obj in out.get("objects", []):
        if "bb" in obj:
            x1, y1, x2, y2 = (float(v) for v in obj["bb"].split(","))
            clusters.append({"label": obj.get("label", ""), "x": x1, "y": height - y2, "w": x2 - x1, "h": y2 - y1})
        elif "pos" in obj:
            x, y = (float(v) for v in obj["pos"].split(","))
            gvid[obj["_gvid"]] = obj["name"]
            boxes_out.append({**_box_info(graph, obj["name"], members[obj["name"]]), "x": x, "y": height - y,
                              "w": NODE_WIDTH * 72, "h": NODE_HEIGHT * 72})
    edges = []
    for e in out.get("edges", []):
        parts = [p for p in e.get("pos", "").split(" ") if p]
        points = [p.split(",") for p in parts if not p.startswith("e,")]
        end = [p.split(",")[1:] for p in parts if p.startswith("e,")]  # where the arrowhead points
        edges.append({"from": gvid.get(e["tail"]), "to": gvid.get(e["head"]), "kind": e.get("class", "same-stage"),
                      "points": [[float(x), height - float(y)] for x, y in points],
                      "end": [float(end[0][0]), height - float(end[0][1])] if end else None})
    return {"width": float(out["bb"].split(",")[2]), "height": height, "boxes": boxes_out, "clusters": clusters,
            "edges": edges, "boxOf": box_of}
