"""Reading the run log the JVM appends (`<app>/.smv/runs.jsonl`, format in docs/run-log.md).

Lines that cannot be used (cut short by a killed driver, or written by another version of
the format) are skipped and counted as notes, so the page can say so and show the rest.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

VERSION = 1
FILE_NAME = "runs.jsonl"
ROTATED_NAME = "runs.1.jsonl"


def log_path(app_dir: Path) -> Path:
    """Where the JVM appends the app's run log."""
    return app_dir / ".smv" / FILE_NAME


@dataclass
class ParsedLines:
    """The events of some lines, and a note per line that was skipped."""

    events: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_lines(lines: list[str], where: str) -> ParsedLines:
    """Events of complete lines of format VERSION; a note for each other line."""
    out = ParsedLines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError:
            out.notes.append(f"{where}: a line cut short was skipped ({line[:60]!r}...)")
            continue
        if not isinstance(event, dict) or event.get("v") != VERSION or "event" not in event:
            version = event.get("v") if isinstance(event, dict) else None
            out.notes.append(f"{where}: a line of run log format {version!r} (this smv-ui reads {VERSION}) was skipped")
            continue
        out.events.append(event)
    return out


class LogTail:
    """Reads the lines appended to the log since the last call; follows its rotation.

    Polled (every ~100 ms by the server): a partial last line waits for its end, unless the
    file was rotated or its writer restarted, when it is reported as cut short.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._inode: int | None = None
        self._offset = 0
        self._partial = ""

    def read_history(self) -> ParsedLines:
        """Everything already written: the rotated file first, then the current one up to its end."""
        rotated = self.path.with_name(ROTATED_NAME)
        old = parse_lines(_read_text(rotated).splitlines(), rotated.name) if rotated.exists() else ParsedLines()
        new = self.poll()
        return ParsedLines(old.events + new.events, old.notes + new.notes)

    def poll(self) -> ParsedLines:
        """The complete lines appended since the last call."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return ParsedLines()
        lines: list[str] = []
        if self._inode != stat.st_ino or stat.st_size < self._offset:  # rotated, or a new file
            if self._partial:
                lines.append(self._partial)  # what the old file ended with: cut short
            self._inode, self._offset, self._partial = stat.st_ino, 0, ""
        if stat.st_size > self._offset:
            with open(self.path, "rb") as f:
                f.seek(self._offset)
                chunk = f.read(stat.st_size - self._offset)
            self._offset += len(chunk)
            text = self._partial + chunk.decode("utf-8", errors="replace")
            parts = text.split("\n")
            self._partial = parts.pop()
            lines.extend(parts)
        return parse_lines(lines, self.path.name)


def _read_text(path: Path) -> str:
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")
