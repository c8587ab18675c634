"""An SMV app folder and its configuration.

An app is a folder: conf/smv-app-conf.props (overridden by the optional
conf/smv-user-conf.props, then by command-line props), Python stages under
src/main/python, data under smv.dataDir. Paths in props are relative to the app.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from smv.props import PropsFormatError, read_props_file

APP_CONF = Path("conf") / "smv-app-conf.props"
USER_CONF = Path("conf") / "smv-user-conf.props"
PYTHON_SRC = Path("src") / "main" / "python"
RUN_CONFIG_PREFIX = "smv.config."


class AppConfigError(ValueError):
    """The app folder or its props are not usable; the message names the file (and line)."""


@dataclass(frozen=True)
class AppConfig:
    """Everything a run needs to know about the app, resolved to absolute paths."""

    app_dir: Path
    app_name: str
    stages: tuple[str, ...]
    data_dir: Path
    input_dir: Path
    output_dir: Path
    jars: tuple[Path, ...]
    props: Mapping[str, str] = field(repr=False)

    @property
    def python_dir(self) -> Path:
        return self.app_dir / PYTHON_SRC

    @property
    def run_config(self) -> dict[str, str]:
        """The smv.config.<key> values, by <key>: readable by modules."""
        return {k[len(RUN_CONFIG_PREFIX):]: v for k, v in self.props.items() if k.startswith(RUN_CONFIG_PREFIX)}


def read_conf(path: Path) -> dict[str, str]:
    """A conf file's properties (Java .properties format, see smv.props), values trimmed
    as the JVM's SmvMain trims them (the format keeps trailing blanks)."""
    try:
        return {key: value.strip() for key, value in read_props_file(path).items()}
    except PropsFormatError as e:
        raise AppConfigError(str(e)) from None


def parse_prop_overrides(pairs: list[str]) -> dict[str, str]:
    """--smv-props k=v arguments."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise AppConfigError(f"--smv-props {pair!r}: expected key=value")
        out[key.strip()] = value.strip()
    return out


def load_app_config(app_dir: str | Path, overrides: Mapping[str, str] | None = None) -> AppConfig:
    """Reads the app's props (app conf < user conf < overrides) and resolves its paths."""
    app = Path(app_dir).resolve()
    app_conf = app / APP_CONF
    if not app_conf.is_file():
        raise AppConfigError(f"no SMV app at {app}: expected its configuration at {app_conf}")
    props = read_conf(app_conf)
    user_conf = app / USER_CONF
    if user_conf.is_file():
        props.update(read_conf(user_conf))
    props.update(overrides or {})

    stages = tuple(s.strip() for s in props.get("smv.stages", "").split(",") if s.strip())
    if not stages:
        raise AppConfigError(f"{app_conf}: smv.stages is empty: list the app's stage packages, comma-separated")
    data_dir = app / props.get("smv.dataDir", "data")
    return AppConfig(
        app_dir=app,
        app_name=props.get("smv.appName", app.name),
        stages=stages,
        data_dir=data_dir,
        input_dir=app / props["smv.inputDir"] if "smv.inputDir" in props else data_dir / "input",
        output_dir=app / props["smv.outputDir"] if "smv.outputDir" in props else data_dir / "output",
        jars=tuple(app / j.strip() for j in props.get("smv.jars", "").split(",") if j.strip()),
        props=dict(props),
    )
