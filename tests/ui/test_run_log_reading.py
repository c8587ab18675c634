"""smv-ui's reading of the run log and its layouts, without Spark: bad lines become notes,
rotation is followed, runs fold into states, big graphs are grouped."""
from __future__ import annotations

import json
from pathlib import Path

from smv.ui.layout import LIMIT, AppGraph, ViewSpec, boxes, layout
from smv.ui.run_history import RunHistory
from smv.ui.run_log import LogTail


def line(event: str, **fields: object) -> str:
    return json.dumps({"v": 1, "event": event, "time": "2026-01-01T00:00:00Z", **fields}) + "\n"


def test_cut_and_old_lines_are_notes_the_rest_is_read_and_rotation_is_followed(tmp_path: Path) -> None:
    log = tmp_path / "runs.jsonl"
    log.write_text(line("run-started", runId="r1", targets=["urn:smv:mod:s.A"]) +
                   json.dumps({"v": 0, "event": "run-started", "runId": "old"}) + "\n" +
                   '{"v": 1, "event": "dataset-sta\n' +
                   line("dataset-planned", runId="r1", urn="urn:smv:mod:s.A", action="run"))
    tail = LogTail(log)
    first = tail.read_history()
    assert [e["event"] for e in first.events] == ["run-started", "dataset-planned"]
    assert len(first.notes) == 2 and "format 0" in first.notes[0] and "cut short" in first.notes[1]

    with open(log, "a") as f:
        f.write(line("dataset-started", runId="r1", urn="urn:smv:mod:s.A", action="run")[:-10])  # half a line
    assert tail.poll().events == []  # waits for the end of the line
    log.rename(tmp_path / "runs.1.jsonl")  # rotated by the JVM; the half line never ends
    log.write_text(line("dataset-ended", runId="r1", urn="urn:smv:mod:s.A", action="run", rows=3, seconds=1.5,
                        dqm={"counts": {"records": 3}}) + line("run-ended", runId="r1", outcome="succeeded", seconds=2.0))
    second = tail.poll()
    assert [e["event"] for e in second.events] == ["dataset-ended", "run-ended"]
    assert len(second.notes) == 1 and "cut short" in second.notes[0]

    history = RunHistory()
    for event in first.events + second.events:
        history.add(event)
    [summary] = history.summaries()
    assert summary["outcome"] == "succeeded" and summary["seconds"] == 2.0
    latest = history.latest_of("urn:smv:mod:s.A")
    assert latest is not None and latest["state"] == "done" and latest["rows"] == 3


def _wide(n: int) -> AppGraph:
    nodes = [{"urn": "urn:smv:mod:b.inputs.In", "fqn": "b.inputs.In", "stage": "b", "language": "python", "kind": "input"}]
    nodes += [{"urn": f"urn:smv:mod:b.f{i // 20}.M{i}", "fqn": f"b.f{i // 20}.M{i}", "stage": "b", "language": "python"}
              for i in range(n)]
    edges = [{"source": nodes[0]["urn"], "target": m["urn"], "kind": "same-stage"} for m in nodes[1:]]
    return AppGraph(nodes, edges)


def test_past_the_limit_datasets_are_grouped_by_module_and_a_group_expands() -> None:
    graph = _wide(LIMIT + 100)
    grouped = boxes(graph, ViewSpec())
    assert grouped["urn:smv:mod:b.f3.M61"] == "group:b.f3"
    expanded = boxes(graph, ViewSpec(expand=frozenset({"b.f3"})))
    assert expanded["urn:smv:mod:b.f3.M61"] == "urn:smv:mod:b.f3.M61"
    focused = layout(graph, ViewSpec(focus="urn:smv:mod:b.f3.M61"))
    assert {b["id"] for b in focused["boxes"]} == {"urn:smv:mod:b.f3.M61", "urn:smv:mod:b.inputs.In"}
    assert focused["edges"][0]["points"]
