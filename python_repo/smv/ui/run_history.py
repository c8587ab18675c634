"""The runs of the log, folded: one summary per run (the history) and each dataset's state in it.

The page asks for a run's datasets when it opens one; new events reach it live and are
folded the same way in the browser, so both agree on what a state means.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

# How each event moves a dataset's state (docs/ui.md lists the states).
STATE_OF_EVENT = {"dataset-started": "running", "dataset-ended": "done", "dataset-failed": "failed"}
MAX_RUNS = 200


@dataclass
class RunRecord:
    """One run: its start and end lines, and every dataset's latest facts."""

    run_id: str
    started: dict[str, Any]
    ended: dict[str, Any] | None = None
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        end = self.ended or {}
        return {"runId": self.run_id, "time": self.started.get("time"), "targets": self.started.get("targets", []),
                "kind": self.started.get("kind"), "options": self.started.get("options", {}),
                "outcome": end.get("outcome", "running"), "seconds": end.get("seconds"),
                "error": end.get("error"), "datasets": len(self.datasets)}


def fold(dataset: dict[str, Any], event: dict[str, Any]) -> None:
    """Merges one dataset event into the dataset's facts (its state, rows, seconds, DQM, error)."""
    kind = event["event"]
    if kind == "dataset-planned":
        dataset.update({k: v for k, v in event.items() if k not in ("v", "event", "time")})
        dataset["state"] = "waiting" if event.get("action") == "run" else "planned-" + str(event.get("action"))
        return
    for key in ("rows", "seconds", "path", "dqm", "error", "traceback", "language", "stage", "action", "fqn"):
        if event.get(key) is not None:
            dataset[key] = event[key]
    state = STATE_OF_EVENT.get(kind, dataset.get("state", "waiting"))
    if state == "done" and event.get("action") == "reuse":
        state = "reused"
    dataset["state"] = state
    dataset["urn"] = event["urn"]


class RunHistory:
    """The latest MAX_RUNS runs of the log, by run id, oldest first."""

    def __init__(self) -> None:
        self.runs: "OrderedDict[str, RunRecord]" = OrderedDict()
        self.notes: list[str] = []

    def add(self, event: dict[str, Any]) -> None:
        run_id = event.get("runId")
        if not isinstance(run_id, str):
            return
        if event["event"] == "run-started":
            self.runs[run_id] = RunRecord(run_id, event)
            while len(self.runs) > MAX_RUNS:
                self.runs.popitem(last=False)
            return
        record = self.runs.get(run_id)
        if record is None:  # its start was rotated out of the log
            record = self.runs[run_id] = RunRecord(run_id, {"runId": run_id, "time": event.get("time"), "targets": []})
        if event["event"] == "run-ended":
            record.ended = event
            for dataset in record.datasets.values():  # a failed run leaves the rest unfinished
                if dataset.get("state") in ("waiting", "running") and event.get("outcome") == "failed":
                    dataset["state"] = "not-run" if dataset["state"] == "waiting" else "failed"
        elif "urn" in event:
            fold(record.datasets.setdefault(event["urn"], {}), event)

    def summaries(self) -> list[dict[str, Any]]:
        """The history, newest first."""
        return [r.summary() for r in reversed(self.runs.values())]

    def latest_of(self, urn: str) -> dict[str, Any] | None:
        """The dataset's facts in the newest run that had it."""
        for record in reversed(self.runs.values()):
            if urn in record.datasets:
                return {"runId": record.run_id, **record.datasets[urn]}
        return None
