"""Every benchmark of the issue-9 goals, side by side in one run, on generated apps.

Each goal compares two things measured in this run (never a figure from elsewhere):
1. discovery of one stage file of N modules; marginal cost per dataset up to 10,000;
2. a whole run's metadata: gRPC (the product) vs the py4j-callback design;
3. one metadata call: JVM gRPC client vs a Python client and vs one py4j callback;
4. a first run vs the same work as a plain sequential PySpark script (wide and chain);
5. a fully reused rerun vs the first run; a dry run at N = 1,000 and 10,000 vs N = 10;
6. a DataFrame passed by handle: 10 million rows vs 10 rows;
7. (issue 18) a run with an smv-ui page open vs without;
8. (issue 19) the Python repository server's resident memory with 10,000 datasets described;
helpers (issue 16). SMV's helpers vs hand-written pyspark on 10 million rows; a helper from Python vs Scala.

Run through `bin/bench` (which builds the bench jar); see `bin/bench --help`.
"""
from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.app_generator import STAGE, AppSpec, generate_app, plain_pyspark_run

ROOT = Path(__file__).resolve().parents[1]
BENCH_JAR = ROOT / "target" / "bench" / "smv-bench.jar"


@dataclass
class Result:
    """One line of the table: `measured` compared with `baseline` as their ratio."""

    goal: str
    what: str
    measured: float
    baseline: float
    unit: str
    target: float | None  # the ratio must be at most this (None: reported only)
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.measured / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> str:
        return "-" if self.target is None else ("yes" if self.ratio <= self.target else "NO")

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio, "met": self.met}


def seconds(work: Callable[[], Any], repeat: int = 1) -> float:
    """Median wall seconds of `repeat` runs of `work`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextmanager
def on_path(app: Path) -> Iterator[None]:
    src = str(app / "src" / "main" / "python")
    sys.path.insert(0, src)
    try:
        yield
    finally:
        sys.path.remove(src)


def describe_all(app: Path) -> int:
    """Discovers the app afresh, lists it and describes every dataset (metadata only)."""
    from smv.repository.python_repository import PythonDataSetRepository

    with on_path(app):
        repository = PythonDataSetRepository([STAGE], str(app / "data" / "input"), None)
        urns = repository.list_data_sets()
        return len(repository.metadata(urns, include_dependency_closure=True))


# -- goal 1 -----------------------------------------------------------------------------


def discovery(work: Path, sizes: list[int]) -> list[Result]:
    one_file = max(s for s in sizes if s <= 1000)
    one = generate_app(work / "onefile", AppSpec(one_file, per_file=one_file))
    small, big = min(sizes), max(sizes)
    apps = {n: generate_app(work / f"files{n}", AppSpec(n, per_file=100)) for n in (small, big)}
    t_one = seconds(lambda: describe_all(one))
    t = {n: seconds(functools.partial(describe_all, app)) for n, app in apps.items()}
    marginal = (t[big] - t[small]) / (big - small) if big > small else t[big] / big
    return [
        Result("1", f"discover + describe one file of {one_file} modules (s, vs the 2 s goal)", t_one, 2.0, "s", 1.0),
        Result("1", f"marginal cost per dataset, {small} -> {big} datasets (ms, vs the 1 ms goal)",
               marginal * 1e3, 1.0, "ms", 1.0, f"{big}: {t[big]:.2f} s, {small}: {t[small]:.2f} s"),
    ]


# -- goals 2 and 3: the JVM asking the Python repository --------------------------------


class CallbackRepository:
    """The seed's bridge: a Python object implementing the per-call Java interface
    (smv.bench.CallbackRepository), called by the JVM through py4j's callback server."""

    def __init__(self, repository: Any) -> None:
        self._repo = repository

    def hasDataSet(self, urn: str) -> bool:  # noqa: N802 - the Java interface's names
        return bool(self._repo.has_data_set(urn))

    def isEphemeral(self, urn: str) -> bool:  # noqa: N802
        return bool(self._repo.is_ephemeral(urn))

    def dependencies(self, urn: str) -> str:
        return ",".join(self._repo.dependencies(urn))

    def datasetHash(self, urn: str, include_super_class: bool) -> str:  # noqa: N802
        return str(self._repo.dataset_hash(urn, include_super_class))

    def dqm(self, urn: str) -> bytes:
        return bytes(self._repo.dqm_policy(urn).SerializeToString())

    def outputModsForStage(self, stage: str) -> str:  # noqa: N802
        return ",".join(self._repo.output_modules(stage))

    class Java:
        implements = ["smv.bench.CallbackRepository"]


class Rediscover:
    """Called by the JVM loops before each timed run: the repository discovers its stages
    afresh, so a run's metadata is measured on a just-discovered catalog, as in a fresh smv-run."""

    def __init__(self, repository: Any) -> None:
        self._repo = repository

    def run(self) -> None:
        self._repo.reload()

    class Java:
        implements = ["java.lang.Runnable"]


@contextmanager
def served(spark: Any, app: Path) -> Iterator[tuple[Any, Any, Any, Any]]:
    """The app's Python repository served over gRPC, a JVM client of it, and the callback object."""
    from smv.repository.python_repository import PythonDataSetRepository
    from smv.spark.jvm import jvm_of
    from smv.transport.server import RepositoryServer

    with on_path(app):
        repository = PythonDataSetRepository([STAGE], str(app / "data" / "input"), spark)
        repository.catalog()
        with RepositoryServer(repository) as server:
            client = jvm_of(spark).smv.grpc.GrpcDataSetRepository.connect(server.address, server.token)
            try:
                yield server, client, CallbackRepository(repository), repository
            finally:
                client.close()


def run_metadata(spark: Any, work: Path, sizes: list[int]) -> list[Result]:
    from smv.spark.jvm import jvm_of

    loop = jvm_of(spark).smv.bench.RunMetadataLoop
    results = []
    for n in sizes:
        if n > 1000:
            continue
        app = generate_app(work / f"meta{n}", AppSpec(n, per_file=20))
        runs = max(5, 4000 // (n * 5))
        with served(spark, app) as (_, client, callback, repository):
            fresh = Rediscover(repository)
            grpc = [int(x) / 1e6 for x in str(loop.grpcRun(client, STAGE, n + 1, runs, fresh)).split()]
            callbacks = [int(x) / 1e6 for x in str(loop.callbackRun(callback, STAGE, n + 1, runs, fresh)).split()]
        results.append(Result("2", f"a run's metadata, N={n}: gRPC (3 calls) vs py4j callbacks ({5 * (n + 1) + 1}), "
                              "median", grpc[0], callbacks[0], "ms", 0.2 if n == 1000 else None,
                              f"fastest: {grpc[1]:.1f} vs {callbacks[1]:.1f} ms"))
    return results


def single_call(spark: Any, work: Path, calls: int, warmup: int) -> list[Result]:
    """One dependencies(urn) call: the JVM gRPC client, a Python client in its own process and a
    py4j callback, each warmed up with `warmup` calls first. The JVM's JIT compiles gRPC's and
    Netty's paths in the background for the first ~30,000 calls: on 2 cores its compiler threads
    take a core from the threads one call passes through, so until then the p99 measures the
    compiler, not the call. That early p99 is reported too (its own line, no target)."""
    from smv.spark.jvm import jvm_of

    from bench.call_latency import python_client_latency

    latency = jvm_of(spark).smv.bench.CallLatency
    app = generate_app(work / "single", AppSpec(10, per_file=10))
    urn = AppSpec(10).urns()[-1]
    with served(spark, app) as (server, client, callback, _):
        early = [float(x) for x in str(latency.grpcDependencies(client, urn, calls, min(1000, warmup))).split()]
        jvm = [float(x) for x in str(latency.grpcDependencies(client, urn, calls, warmup)).split()]
        back = [float(x) for x in str(latency.callbackDependencies(callback, urn, calls, warmup)).split()]
        python = python_client_latency(server.address, server.token, urn, calls, warmup)
    py, health = python["dependencies"], python["health"]
    gc = f"JVM GCs while measured: {int(jvm[4])}, {jvm[5]:.0f} ms"
    return [
        Result("3", "one call p50: JVM gRPC client vs Python client process, same server (µs)", jvm[0], py.p50,
               "µs", 1.3, f"p90: {jvm[1]:.0f} vs {py.p90:.0f}"),
        Result("3", "one call p99: JVM gRPC client vs Python client process (µs)", jvm[2], py.p99, "µs", 1.3, gc),
        Result("3", "one call p50: JVM gRPC vs one py4j callback (µs)", jvm[0], back[0], "µs", 6.0),
        Result("3", "one call p99: JVM gRPC vs one py4j callback (µs)", jvm[2], back[2], "µs", 6.0),
        Result("3", "floor: bare health check from a Python client process, p50 vs one py4j callback (µs)",
               health.p50, back[0], "µs", None, f"p99: {health.p99:.0f} vs {back[2]:.0f}"),
        Result("3", "early JVM p99 (after 1,000 calls, JIT still compiling) vs the settled JVM p99 (µs)",
               early[2], jvm[2], "µs", None, f"early p50: {early[0]:.0f}"),
    ]


# -- goals 4 and 5: whole runs ------------------------------------------------------------


def smv_run(spark: Any, app: Path, props: dict[str, str] | None = None) -> dict[str, Any]:
    """A run of every output of the app, as `smv-run --run-app` does (repository start included)."""
    from smv.app.smv_app import SmvApp

    with SmvApp.create(app, props=props, spark=spark) as smv:
        return smv.run(smv.outputs_of(STAGE)).report


def whole_runs(spark: Any, work: Path, n: int, chain_n: int, rows: int) -> list[Result]:
    warm = AppSpec(3, rows=rows)  # both sides' first Spark jobs of each kind, untimed
    smv_run(spark, generate_app(work / "warm", warm))
    plain_pyspark_run(spark, work / "warm", warm, work / "warm-plain")
    results = []
    for shape, size in (("wide", n), ("chain", chain_n)):
        spec = AppSpec(size, shape=shape, per_file=20, rows=rows)
        app = generate_app(work / f"run-{shape}", spec)
        plain_out = work / f"plain-{shape}"
        reports: list[dict[str, Any]] = []
        first = seconds(lambda: reports.append(smv_run(spark, app)))
        plain = seconds(lambda: plain_pyspark_run(spark, app, spec, plain_out))
        results.append(Result("4", f"first run, {size} modules {shape}: SMV vs plain sequential PySpark (s)",
                              first, plain, "s", 1.0, _per_module(reports[-1], plain / size) if shape == "chain" else ""))
        if shape == "wide":
            second = seconds(lambda: smv_run(spark, app))
            results.append(Result("5", f"rerun, everything reused, vs the first run ({size} wide, s)",
                                  second, first, "s", 0.2))
    return results


def _per_module(report: dict[str, Any], plain_seconds: float) -> str:
    """Where a chain's time goes: a module's median wall time in SMV's run (its lock, Python run,
    write, commit and read back; from the run's own events) against the plain script's mean."""
    modules = [d["seconds"] for d in report.get("datasets", []) if not d["urn"].endswith(".Input")]
    if not modules:
        return ""
    return f"per module: SMV median {statistics.median(modules) * 1e3:.0f} ms vs plain {plain_seconds * 1e3:.0f} ms"


def dry_runs(work: Path, small: int, big: int) -> list[Result]:
    """`smv-run --dry-run --run-app` as a person runs it (a process: Spark start included)."""
    smv_run_cli = Path(sys.executable).with_name("smv-run")

    def dry(n: int) -> float:
        app = generate_app(work / f"dry{n}", AppSpec(n, per_file=20))
        command = [str(smv_run_cli), "--smv-app-dir", str(app), "--run-app", "--dry-run"]
        return seconds(lambda: subprocess.run(command, check=True, capture_output=True, timeout=600))

    t_small = dry(small)
    results = [Result("5", f"smv-run --dry-run --run-app, N={min(big, 1000)} vs N={small} (s)", dry(min(big, 1000)),
                      t_small, "s", 1.3)]
    if big > 1000:
        results.append(Result("5", f"smv-run --dry-run --run-app, N={big} vs N={small} (s)", dry(big), t_small, "s", 1.5))
    return results


# -- goal 7: the repository server's memory ------------------------------------------------


def repository_memory(work: Path, small: int, big: int) -> list[Result]:
    """The metadata-only server's resident set with `big` datasets described, against the 120 MB
    goal; the note has the marginal memory per dataset against a `small` app."""
    from bench.server_memory import server_memory

    measured = {n: server_memory(generate_app(work / f"memory{n}", AppSpec(n, per_file=20))) for n in (small, big)}
    per_dataset = (measured[big].described_mb - measured[small].described_mb) * 1024 / max(1, big - small)
    return [Result("8", f"repository server resident memory, {big} datasets described (MB, vs the 120 MB goal)",
                   measured[big].described_mb, 120.0, "MB", 1.0,
                   f"{small}: {measured[small].described_mb:.1f} MB; {per_dataset:.1f} KB per dataset; "
                   f"{measured[big].started_mb:.1f} MB at start")]


# -- goal 6 ---------------------------------------------------------------------------------


def handle_passing(spark: Any, big_rows: int) -> list[Result]:
    from pyspark.sql import DataFrame

    from smv.spark.jvm import dataframe_from_handle, jvm_of, register_dataframe, release_run

    handles = jvm_of(spark).smv.driver.DataFrameHandles

    def passing(rows: int) -> Callable[[], None]:
        source = spark.range(rows).selectExpr("id * 7 AS v", "id % 13 AS k")

        def once() -> None:  # JVM -> Python -> JVM, by handle, as a module run does
            dependency = register_dataframe(spark, "bench", source)
            result = dataframe_from_handle(spark, dependency).where("k < 6")
            DataFrame(handles.get(register_dataframe(spark, "bench", result)), spark)
            release_run(spark, "bench")
        return once

    big, small = passing(big_rows), passing(10)
    times: dict[str, list[float]] = {"big": [], "small": []}
    for i in range(41):  # interleaved, so warm-up and load hit both sides alike
        for name, work in (("big", big), ("small", small)) if i % 2 else (("small", small), ("big", big)):
            times[name].append(seconds(work))
    return [Result("6", f"DataFrame by handle: {big_rows:,} rows vs 10 rows (ms, median)",
                   statistics.median(times["big"][5:]) * 1e3, statistics.median(times["small"][5:]) * 1e3,
                   "ms", 1.2)]


# -- goal helpers (issue 16): bench/helpers.py ---------------------------------------------------


def helpers_goal(spark: Any, rows: int, repeat: int, calls: int) -> list[Result]:
    from bench.helpers import helpers_vs_pyspark, python_vs_scala_call

    lines = helpers_vs_pyspark(spark, rows, repeat) + python_vs_scala_call(spark, calls, rounds=5)
    return [Result("helpers", *line) for line in lines]


# -- the table ------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    lines = [f"{'goal':<8}{'what':<84}{'measured':>11}{'vs':>11}{'ratio':>8}{'target':>8}{'met':>5}"]
    for r in results:
        target = "" if r.target is None else f"≤{r.target:g}"
        lines.append(f"{r.goal:<8}{r.what:<84}{r.measured:>11.3f}{r.baseline:>11.3f}{r.ratio:>8.2f}"
                     f"{target:>8}{r.met:>5}" + (f"  ({r.note})" if r.note else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bin/bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,10000",
                        help="N of the generated apps for goals 1 and 2 (2 uses those up to 1,000)")
    parser.add_argument("--run-modules", type=int, default=100, help="modules of the wide app of goals 4-5")
    parser.add_argument("--chain-modules", type=int, default=30, help="modules of the chain app of goal 4")
    parser.add_argument("--rows", type=int, default=100, help="rows of the generated apps' input")
    parser.add_argument("--calls", type=int, default=2000, help="calls per single-call measurement (goal 3)")
    parser.add_argument("--warmup", type=int, default=40_000,
                        help="calls before each single-call measurement (goal 3): the JVM's JIT settles after ~30,000")
    parser.add_argument("--handle-rows", type=int, default=10_000_000, help="big DataFrame of goal 6")
    parser.add_argument("--helper-rows", type=int, default=10_000_000, help="rows of the helpers goal's DataFrames")
    parser.add_argument("--helper-repeat", type=int, default=3, help="timed runs of each side of a helpers case")
    parser.add_argument("--only", default="1,2,3,4,5,6,7,8,helpers", help="goals to run, e.g. 1,3,helpers")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    if not BENCH_JAR.is_file():
        sys.exit(f"bench jar missing at {BENCH_JAR}: build it with 'bin/sbt bench/package' (bin/bench does)")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    goals = set(args.only.split(","))

    from smv.spark.session import create_spark_session
    from bench.machine import describe_machine, write_results

    work = Path(tempfile.mkdtemp(prefix="smv-bench-"))
    results: list[Result] = []
    started = time.perf_counter()
    try:
        if "1" in goals:
            results += discovery(work, sizes)
        if "8" in goals:
            results += repository_memory(work, min(sizes), max(sizes))
        spark = create_spark_session("smv-bench", extra_jars=[str(BENCH_JAR)]) if goals - {"1", "8"} else None
        try:
            if "2" in goals:
                results += run_metadata(spark, work, sizes)
            if "3" in goals:
                results += single_call(spark, work, args.calls, args.warmup)
            if "4" in goals or "5" in goals:
                results += whole_runs(spark, work, args.run_modules, args.chain_modules, args.rows)
            if "5" in goals:
                results += dry_runs(work, min(sizes), max(sizes))
            if "6" in goals:
                results += handle_passing(spark, args.handle_rows)
            if "7" in goals:
                from bench.ui_overhead import ui_overhead
                from bench.ui_page import page_interactive
                results += ui_overhead(spark, work, args.run_modules)
                for n in sorted({s for s in sizes if s == 1000} | {max(sizes)}):
                    results += page_interactive(work, n)
            if "helpers" in goals:
                results += helpers_goal(spark, args.helper_rows, args.helper_repeat, args.calls)
        finally:
            if spark is not None:
                spark.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    machine = describe_machine()
    path = write_results(args.out, [r.as_json() for r in results], machine, vars(args),
                         time.perf_counter() - started)
    print(f"\nmachine: {machine['summary']}\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
