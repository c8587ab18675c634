"""The shell functions themselves (SMV's names): they print for a person at a prompt, and
return what a notebook may want to keep (DataFrames, lists of names)."""
from __future__ import annotations

import builtins
import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from smv.repository.urn import parse_urn

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

    from smv.app.graph import DependencyGraph, GraphNode
    from smv.app.smv_app import SmvApp

_bound: "SmvApp | None" = None


def bind(app: "SmvApp") -> None:
    """Makes the shell functions act on `app` (by default: the SmvApp created last)."""
    global _bound
    _bound = app


def shell_app() -> "SmvApp":
    """The app the shell functions act on."""
    from smv.app.smv_app import SmvApp

    app = _bound if _bound is not None and not _bound.closed else SmvApp.latest()
    if app is None:
        raise RuntimeError("no SmvApp to act on: create one first (smv.SmvApp.create(app_dir=...)) or bind(app)")
    return app


def df(name: str, forceRun: bool = False) -> "DataFrame":
    """Runs (or reuses) a dataset by name (fqn or unique suffix) and returns its DataFrame; edited
    Python modules are read afresh first, so an edit is picked up without restarting."""
    app = shell_app()
    app.reload()
    return app.run_module(name, forceRun)


def _graph() -> "DependencyGraph":
    """The app's graph as its code is now (new and edited Python modules included)."""
    app = shell_app()
    app.reload()
    return app.dependency_graph()


def _fqn(urn: str) -> str:
    return parse_urn(urn).fqn


def _marker(node: "GraphNode") -> str:
    return "(I)" if node.kind == "input" else "(O)" if node.is_output else "(M)"


def _print_names(names: list[str]) -> list[str]:
    for name in names:
        print(name)
    return names


def ls(stage: str | None = None) -> list[str]:
    """The datasets of the app (or of one stage), marked (I)nput, (O)utput or (M)odule, with their language."""
    nodes = [n for n in _graph().nodes if stage is None or n.stage == stage]
    if stage is not None and stage not in shell_app().config.stages:
        raise ValueError(f"no stage {stage!r} in this app: its stages are {', '.join(shell_app().config.stages)}")
    lines: list[str] = []
    for each in sorted({n.stage for n in nodes}):
        lines += ([f"{each}:"] if stage is None else []) + [
            f"  {_marker(n)} {_fqn(n.urn)} [{n.language}]" for n in sorted(nodes, key=lambda n: n.urn) if n.stage == each]
    return _print_names(lines)


def lsStage() -> list[str]:
    """The app's stages."""
    return _print_names(list(shell_app().config.stages))


def _closure(start: str, upstream: bool) -> list[str]:
    graph = _graph()
    urn = shell_app().resolve(start)
    neighbours: dict[str, list[str]] = {}
    for edge in graph.edges:
        key, value = (edge.target, edge.source) if upstream else (edge.source, edge.target)
        neighbours.setdefault(key, []).append(value)
    seen: set[str] = set()
    todo = [urn]
    while todo:
        for nxt in neighbours.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return sorted(_fqn(u) for u in seen)


def ancestors(name: str) -> list[str]:
    """Every dataset `name` depends on, directly or not."""
    return _print_names(_closure(name, upstream=True))


def descendants(name: str) -> list[str]:
    """Every dataset that depends on `name`, directly or not."""
    return _print_names(_closure(name, upstream=False))


def lsDead(stage: str | None = None) -> list[str]:
    """Datasets no output needs (neither an output nor upstream of one): candidates for removal."""
    graph = _graph()
    needed = {n.urn for n in graph.nodes if n.is_output}
    todo = list(needed)
    upstream: dict[str, list[str]] = {}
    for edge in graph.edges:
        upstream.setdefault(edge.target, []).append(edge.source)
    while todo:
        for dep in upstream.get(todo.pop(), []):
            if dep not in needed:
                needed.add(dep)
                todo.append(dep)
    return _print_names(sorted(_fqn(n.urn) for n in graph.nodes
                               if n.urn not in needed and (stage is None or n.stage == stage)))


def graph(stage: str | None = None) -> list[str]:
    """The dependencies as text, `dependency -> dataset` (of one stage, when given); smv-run --graph draws them."""
    g = _graph()
    stage_of = {n.urn: n.stage for n in g.nodes}
    return _print_names(sorted(f"{_fqn(e.source)} -> {_fqn(e.target)}" + ("" if e.kind == "same-stage" else f" ({e.kind})")
                               for e in g.edges if stage is None or stage in (stage_of.get(e.source), stage_of.get(e.target))))


def graphStage() -> list[str]:
    """Which stage uses which: `stage -> stage that links to it`."""
    g = _graph()
    stage_of = {n.urn: n.stage for n in g.nodes}
    pairs = {(stage_of[e.source], stage_of[e.target]) for e in g.edges if stage_of[e.source] != stage_of[e.target]}
    return _print_names([f"{a} -> {b}" for a, b in sorted(pairs)])


def openCsv(path: str) -> "DataFrame":
    """A CSV file read with the SMV schema file beside it (`x.csv` -> `x.schema`)."""
    local = Path(path)
    return shell_app().openCsv(str(local.resolve()) if ":" not in path and local.exists() else path)


def openHive(table: str) -> "DataFrame":
    """A Hive table (`db.table`) of the session's metastore."""
    return shell_app().spark.table(table)


def exportToHive(name: str, table: str | None = None) -> str:
    """Writes a dataset's DataFrame as a Hive table (replacing it): `table`, else the output's
    tableName(). Returns the table's name."""
    app = shell_app()
    target = table or _table_name(app, app.resolve(name))
    if not target:
        raise ValueError(f"exportToHive({name!r}): {name} has no tableName(); name the table: exportToHive({name!r}, 'db.table')")
    df(name).write.mode("overwrite").saveAsTable(target)
    print(f"exported {name} to the table {target}")
    return target


def _table_name(app: "SmvApp", urn: str) -> str | None:
    """A Python output's tableName(), when it has one."""
    for repository in app.python_repositories:
        entry = repository.catalog().datasets.get(urn)
        table_name = getattr(entry.cls(), "tableName", None) if entry else None
        if table_name is not None:
            return table_name()  # type: ignore[no-any-return]
    return None


def now() -> str:
    """The current time, as SMV's shell showed it."""
    return datetime.datetime.now().isoformat(sep=" ", timespec="seconds")


SHELL_FUNCTIONS = ("df", "ls", "lsStage", "lsDead", "ancestors", "descendants", "graph", "graphStage", "openCsv",
                   "openHive", "exportToHive", "smvDiscoverSchemaToFile", "now", "help")


def help() -> None:  # noqa: A001 - SMV's shell named it so
    """This list. (Python's own help is builtins.help.)"""
    import smv.shell as shell

    print("SMV shell functions (app: the SmvApp; spark: its SparkSession):")
    for name in SHELL_FUNCTIONS:
        func = getattr(shell, name)
        doc = (func.__doc__ or "").strip().splitlines()[0]
        print(f"  {name:<24} {doc}")
    print("  app.createDF(schema, data) a DataFrame from SMV's schema string, e.g. app.createDF('a:String;b:Integer', 'x,1;y,2')")
    print(f"Python's own help: builtins.help, here {builtins.help!r}")
