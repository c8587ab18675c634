"""Small SMV apps written by a test: one Python stage whose files are given as text."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path


def write_app(root: Path, stage: str, files: Mapping[str, str], more_stages: Sequence[str] = ()) -> Path:
    """The app folder `root`: conf listing `stage` (and `more_stages`, e.g. Scala fixture stages)
    and `src/main/python/<stage>/` holding `files` (names relative to the stage folder)."""
    (root / "conf").mkdir(parents=True)
    stages = ", ".join([stage, *more_stages])
    (root / "conf" / "smv-app-conf.props").write_text(f"smv.appName = {stage}\nsmv.stages = {stages}\n")
    folder = root / "src" / "main" / "python" / stage
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    for name, text in files.items():
        (folder / name).write_text(text)
    return root
