"""An SMV app folder and its configuration.

An app is a folder: conf/smv-app-conf.props (overridden by the optional
conf/smv-user-conf.props, then by command-line props), Python stages under
src/main/python, data under smv.dataDir. Paths in props are relative to the app;
smv.dataDir, smv.inputDir and smv.outputDir may also be Hadoop URIs (smv.app.locations).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from smv.app.locations import child, resolve
from smv.app.props import PropsFormatError, read_props_file

APP_CONF = Path("conf") / "smv-app-conf.props"
USER_CONF = Path("conf") / "smv-user-conf.props"
PYTHON_SRC = Path("src") / "main" / "python"
# Where the app's own sbt build (`sbt package`, smv-init's template) writes its jar.
APP_JAR_DIR = Path("target") / "scala-2.13"
RUN_CONFIG_PREFIX = "smv.config."
PYTHON_STAGE_GROUPS = "smv.pythonStageGroups"


class AppConfigError(ValueError):
    """The app folder or its props are not usable; the message names the file (and line)."""


@dataclass(frozen=True)
class AppConfig:
    """Everything a run needs to know about the app, resolved to absolute paths (data
    locations: absolute paths or URIs, with the setting each came from)."""

    app_dir: Path
    app_name: str
    stages: tuple[str, ...]
    data_dir: str
    input_dir: str
    output_dir: str
    jars: tuple[Path, ...]
    props: Mapping[str, str] = field(repr=False)
    input_dir_setting: str = "smv.inputDir"
    output_dir_setting: str = "smv.outputDir"

    @property
    def python_dir(self) -> Path:
        return self.app_dir / PYTHON_SRC

    @property
    def python_stage_groups(self) -> list[tuple[str, ...]]:
        """The groups of stages served by Python repositories of their own
        (`smv.pythonStageGroups = s1, s2; s3`); the stages in no group form one more group."""
        groups = [tuple(s.strip() for s in g.split(",") if s.strip())
                  for g in self.props.get(PYTHON_STAGE_GROUPS, "").split(";")]
        groups = [g for g in groups if g]
        listed = [s for g in groups for s in g]
        for stage in listed:
            if listed.count(stage) > 1:
                raise AppConfigError(f"{PYTHON_STAGE_GROUPS}: stage {stage} is in more than one group")
            if stage not in self.stages:
                raise AppConfigError(f"{PYTHON_STAGE_GROUPS}: {stage} is not one of smv.stages ({', '.join(self.stages)})")
        rest = tuple(s for s in self.stages if s not in listed)
        return groups + ([rest] if rest else [])

    @property
    def run_config(self) -> dict[str, str]:
        """The smv.config.<key> values, by <key>: readable by modules."""
        return {k[len(RUN_CONFIG_PREFIX):]: v for k, v in self.props.items() if k.startswith(RUN_CONFIG_PREFIX)}


def read_conf(path: Path) -> dict[str, str]:
    """A conf file's properties (Java .properties format, see smv.app.props), values trimmed
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
    data_dir = resolve(props.get("smv.dataDir", "data").strip() or "data", app)

    def location(key: str, default: str) -> tuple[str, str]:
        value = props.get(key, "").strip()
        return (resolve(value, app), key) if value else (child(data_dir, default), f"{key} (from smv.dataDir)")

    (input_dir, input_setting), (output_dir, output_setting) = location("smv.inputDir", "input"), \
        location("smv.outputDir", "output")
    return AppConfig(
        app_dir=app,
        app_name=props.get("smv.appName", app.name),
        stages=stages,
        data_dir=data_dir,
        input_dir=input_dir,
        output_dir=output_dir,
        jars=tuple(app / j.strip() for j in props.get("smv.jars", "").split(",") if j.strip()),
        props=dict(props),
        input_dir_setting=input_setting,
        output_dir_setting=output_setting,
    )


def app_jars(config: AppConfig, explicit: Sequence[str | Path] = ()) -> list[Path]:
    """The app's Scala jars: smv.jars and --jars when either is given (they win), else the jar
    the app's own sbt build wrote (`sbt package`: target/scala-2.13/<name>_2.13-<version>.jar),
    as SMV found target/*jar-with-dependencies.jar."""
    if config.jars or explicit:
        return [*config.jars, *(Path(j) for j in explicit)]
    built = config.app_dir / APP_JAR_DIR
    return sorted(j for j in built.glob("*.jar")
                  if not j.name.endswith(("-sources.jar", "-javadoc.jar", "-tests.jar"))) if built.is_dir() else []
