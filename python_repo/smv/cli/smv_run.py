"""smv-run: run an SMV app's modules, stages or whole app from the command line.

    smv-run [--smv-app-dir DIR] [--smv-props k=v ...] (-m NAME ... | -s STAGE ... | --run-app)
            [--dry-run] [--graph [SVG]] [--force-run-all] [--publish-hive] [--jars a.jar,b.jar] [--show N]
            [--verbose] [-- spark-submit options]

A person sees one line per dataset as it starts and ends, a summary, and exit
code 0 only on success; a failure is one concise line naming the module, with
the full traceback written to a file.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, TextIO

from smv.app.names import NameResolutionError, resolve_name
from smv.repository.urn import parse_urn

if TYPE_CHECKING:
    from smv.app.smv_app import SmvApp

QUIET_LOG4J = Path(__file__).resolve().parent / "log4j2-quiet.properties"
ERROR_LOG = Path(".smv") / "last-error.log"


def split_spark_opts(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """A command's own arguments, and the spark-submit options after `--`."""
    argv = list(argv)
    return (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])


def add_app_options(parser: argparse.ArgumentParser) -> None:
    """The options naming the app and how to start it, shared by smv-run, smv-pyshell and smv-pytest."""
    parser.add_argument("--smv-app-dir", default=".", help="the app folder (default: .)")
    parser.add_argument("--smv-props", nargs="+", default=[], metavar="K=V", help="override app props")
    parser.add_argument("--jars", default="", help="comma-separated jars with Scala modules")
    parser.add_argument("--verbose", action="store_true", help="Spark's logs and full tracebacks")


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """smv-run's own options, and the spark-submit options after `--`."""
    own, spark_opts = split_spark_opts(argv)
    parser = argparse.ArgumentParser(prog="smv-run", description="Run SMV modules, stages or a whole app.")
    add_app_options(parser)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("-m", "--run-module", nargs="+", metavar="NAME", help="urn, fqn or unique fqn suffix")
    what.add_argument("-s", "--run-stage", nargs="+", metavar="STAGE", help="run every output of the stages")
    what.add_argument("--run-app", action="store_true", help="run every output of every stage")
    parser.add_argument("--dry-run", action="store_true", help="show the plan; run nothing")
    parser.add_argument("--graph", nargs="?", const="", metavar="SVG",
                        help="write the dependency graph as SVG and DOT (default: <app>/smv-graph.svg); run nothing")
    parser.add_argument("--force-run-all", action="store_true", help="recompute the targets and all upstream")
    parser.add_argument("--publish-hive", action="store_true",
                        help="write each target output with a tableName() as that Hive table (docs/hive.md)")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the first N rows of each target")
    return parser.parse_args(own), spark_opts


def create_app(args: argparse.Namespace) -> "SmvApp":
    """The app the shared options (add_app_options) name; AppConfigError or SmvSetupError when it cannot start."""
    from smv.app.config import parse_prop_overrides
    from smv.app.smv_app import SmvApp

    return SmvApp.create(args.smv_app_dir, parse_prop_overrides(args.smv_props),
                         jars=[j for j in args.jars.split(",") if j], hive=getattr(args, "publish_hive", False))


def configure_spark_submit(spark_opts: Sequence[str], verbose: bool) -> None:
    """spark-submit options reach the JVM through PYSPARK_SUBMIT_ARGS, as in pyspark itself."""
    quiet = [] if verbose else ["--driver-java-options", f"-Dlog4j2.configurationFile={QUIET_LOG4J.as_uri()}"]
    opts = quiet + list(spark_opts)  # the person's own options come last, so they win
    os.environ["PYSPARK_SUBMIT_ARGS"] = " ".join(_shell_quote(o) for o in opts + ["pyspark-shell"])


def _shell_quote(text: str) -> str:
    return text if text and all(c.isalnum() or c in "-_=.,:/[]*@+" for c in text) else "'" + text.replace("'", "'\\''") + "'"


def targets_of(app: "SmvApp", args: argparse.Namespace) -> list[str]:
    """The urns a command asks for: modules by name, or the outputs of stages or of the app."""
    if args.run_module:
        known = app.all_urns()  # one listing for every name
        return [resolve_name(name, known) for name in args.run_module]
    stages = args.run_stage or list(app.config.stages)
    return [urn for stage in stages for urn in app.outputs_of(stage)]


def event_line(event: dict[str, Any]) -> str:
    """One human line per dataset start/end/error."""
    fqn = parse_urn(event["urn"]).fqn
    head = f"{event['phase']:<5} {fqn:<48} {event['language']:<6} {event['action']:<5}"
    if event["phase"] == "start":
        return head.rstrip()
    rows = f"{event['rows']:>8} rows" if event.get("rows") is not None else " " * 13
    line = f"{head} {rows} {event['seconds']:7.1f}s"
    if event.get("rejected"):
        line += f"  {event['rejected']} records rejected (failed to parse)"
    if event["phase"] == "error" and event.get("message"):
        first = event["message"].strip().splitlines()[0]
        line += "  " + (first if len(first) <= 120 else first[:117] + "...")
    return line


class EventPrinter:
    """Prints the JVM app's run events while the run is in progress (polled from another thread)."""

    def __init__(self, app: "SmvApp", out: TextIO, interval: float = 0.2) -> None:
        self._app, self._out, self._interval = app, out, interval
        self._stop = threading.Event()
        self.last_error: dict[str, Any] | None = None
        self._thread = threading.Thread(target=self._loop, name="smv-run-events", daemon=True)

    def __enter__(self) -> "EventPrinter":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._stop.set()
        self._thread.join()
        self.flush()

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()

    def flush(self) -> None:
        for event in self._app.drain_events():
            if event["phase"] == "error":
                self.last_error = event
            print(event_line(event), file=self._out, flush=True)


def print_plan(app: "SmvApp", targets: list[str], force: bool, out: TextIO) -> None:
    plan = app.dry_run(targets, force)
    print(f"Plan for {len(targets)} target(s) ({len(plan)} datasets):", file=out)
    for step in plan:
        print(f"  {step.action:<6} {parse_urn(step.urn).fqn:<48} {step.language:<6} {step.reason}", file=out)
        for column, text in step.descriptions:
            print(f"           {column}: {text}", file=out)


def write_graph(app: "SmvApp", targets: list[str], where: str, out: TextIO) -> None:
    from smv.app.graph import render_svg, to_dot

    svg = Path(where) if where else app.config.app_dir / "smv-graph.svg"
    render_svg(to_dot(app.dependency_graph(targets), app.config.app_name), svg)
    print(f"Dependency graph: {svg} (DOT source: {svg.with_suffix('.dot')})", file=out)


def run_targets(app: "SmvApp", targets: list[str], args: argparse.Namespace, printer: EventPrinter,
                out: TextIO) -> None:
    started = time.monotonic()
    with printer:
        result = app.run(targets, args.force_run_all)
    ran, reused = result.report.get("ran", []), result.report.get("reused", [])
    rejected = rejected_summary(result.report.get("datasets", []))
    if rejected:
        print(rejected, file=out)
    print(f"Done in {time.monotonic() - started:.1f}s: {len(ran)} dataset(s) run, {len(reused)} reused; "
          f"outputs in {app.config.output_dir}", file=out)
    if args.publish_hive:
        published = app.publish_hive(result)
        for urn, table in published.items():
            print(f"Published {parse_urn(urn).fqn} as Hive table {table}", file=out)
        if not published:
            print("Published nothing: no target is an output with a tableName()", file=out)
    for urn in targets if args.show else []:
        print(f"\n{parse_urn(urn).fqn}:", file=out, flush=True)
        out.write(result.dataframes[urn]._jdf.showString(args.show, 40, False))
    out.flush()


def rejected_summary(ended: list[dict[str, Any]]) -> str:
    """The inputs that rejected records in this run, with how many and a sample ("" when none did)."""
    inputs = [e for e in ended if e.get("rejected")]
    if not inputs:
        return ""
    total = sum(int(e["rejected"]) for e in inputs)
    each = "; ".join(f"{parse_urn(e['urn']).fqn} {e['rejected']} (e.g. {(e.get('rejectedSamples') or ['?'])[0]!r})"
                     for e in inputs)
    return f"Rejected input records (failed to parse, left out): {total}: {each}"


def describe_failure(exc: BaseException) -> str:
    """One line, the useful part first: a DQM failure's failed policies, the user's own exception
    type and message (found under the JVM's wrapping and the transport's), or the Python exception.
    Socket paths, RPCs and status codes stay in the error log and --verbose."""
    java = getattr(exc, "java_exception", None)
    if java is None:
        return f"{type(exc).__name__}: {exc}"
    if java.getClass().getName() == "smv.SmvDqmValidationError":
        report = json.loads(java.reportJson())
        return "DQM validation failed: " + "; ".join(report.get("errorMessages", []))
    cause = _user_exception(java)
    if cause is not None:
        return cause
    message = str(java.getMessage() or java.getClass().getName()).strip()
    return message.splitlines()[0]


def _user_exception(java: Any) -> str | None:
    """"Type: message" of the exception user code raised, from the JVM exception's causes: a remote
    repository's (its ErrorInfo's exception_type and exception_message) or a JVM dataset's."""
    seen = 0
    while java is not None and seen < 20:
        kind = java.getClass().getName()
        if kind == "smv.RepositoryException":
            remote_type, metadata = java.remoteType(), java.errorMetadata()
            message = metadata.get("exception_message")
            if remote_type.isDefined() and message.isDefined():
                return f"{remote_type.get()}: {message.get()}".strip().splitlines()[0]
        if kind == "smv.DataSetRunException" and java.getCause() is not None \
                and java.getCause().getClass().getName() != "smv.RepositoryException":
            cause = java.getCause()
            return f"{cause.getClass().getName()}: {cause.getMessage()}".strip().splitlines()[0]
        java, seen = java.getCause(), seen + 1
    return None


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args, spark_opts = parse_args(sys.argv[1:] if argv is None else argv)
    from smv.app.config import AppConfigError
    from smv.app.graph import GraphvizMissingError
    from smv.spark.session import SmvSetupError

    configure_spark_submit(spark_opts, args.verbose)
    try:
        app = create_app(args)
    except (AppConfigError, SmvSetupError) as exc:
        print(f"smv-run: {exc}", file=err)
        return 2
    except Exception as exc:  # noqa: BLE001 - a stage that cannot be loaded is one line too
        return report_failure(exc, Path(args.smv_app_dir).resolve(), "", args.verbose, err)
    printer = EventPrinter(app, out)
    try:
        targets = targets_of(app, args)
        if args.graph is not None:
            write_graph(app, targets if not args.run_app else [], args.graph, out)
        elif args.dry_run:
            print_plan(app, targets, args.force_run_all, out)
        else:
            run_targets(app, targets, args, printer, out)
        return 0
    except (NameResolutionError, ValueError, GraphvizMissingError) as exc:
        print(f"smv-run: {exc}", file=err)
        return 2
    except Exception as exc:  # noqa: BLE001 - the one place every failure becomes one line
        failed = printer.last_error
        where = f"{parse_urn(failed['urn']).fqn}: " if failed else ""
        return report_failure(exc, app.config.app_dir, where, args.verbose, err)
    finally:
        app.close()


def report_failure(exc: BaseException, app_dir: Path, where: str, verbose: bool, err: TextIO) -> int:
    """One line on stderr; the full traceback in the app's last-error log. Returns the exit status."""
    log = app_dir / ERROR_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("".join(traceback.format_exception(exc)))
    print(f"smv-run: FAILED: {where}{describe_failure(exc)}", file=err)
    print(f"smv-run: full traceback in {log} (with the repository, call and status"
          f"{')' if verbose else '; --verbose prints it)'}", file=err)
    if verbose:
        traceback.print_exception(exc, file=err)
    return 1


if __name__ == "__main__":
    sys.exit(main())
