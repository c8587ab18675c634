"""gRPC repository calls vs the py4j-callback design they replace, side by side in one run.

The JVM is the caller in both designs: the same Python repository answers
`dependencies(urn)` either as a gRPC server (GrpcDataSetRepository) or as a Python
object the JVM calls through py4j's callback server (the original bridge). Then the
metadata of a whole run: one BatchGetMetadata vs one callback per question per dataset.

    .venv/bin/python bench/metadata_calls.py [--calls 2000]     (after bin/setup and bin/sbt bench/package)

Prints a table and writes bench/results/metadata_calls.json. Compare the ratios;
absolute times depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_JAR = ROOT / "target" / "bench" / "smv-bench.jar"
APP = ROOT / "examples" / "sales"
QUESTIONS = ["hasDataSet", "isEphemeral", "dependencies", "datasetHash"]


class RepositoryCallback:
    """The old bridge: a Python object implementing a Java interface, called by the JVM.

    `apply("question urn")` answers one of the original interface's questions, as the
    original did (lists as CSV strings).
    """

    def __init__(self, repository: Any) -> None:
        self._answers = {
            "hasDataSet": lambda urn: str(repository.has_data_set(urn)),
            "isEphemeral": lambda urn: str(repository.is_ephemeral(urn)),
            "dependencies": lambda urn: ",".join(repository.dependencies(urn)),
            "datasetHash": lambda urn: repository.dataset_hash(urn, True),
        }

    def apply(self, question_and_urn: str) -> str:
        question, urn = question_and_urn.split(" ", 1)
        return self._answers[question](urn)

    class Java:
        implements = ["java.util.function.Function"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()
    if not BENCH_JAR.is_file():
        sys.exit(f"bench jar missing at {BENCH_JAR}: build it with 'bin/sbt bench/package'")

    from smv.config import load_app_config
    from smv.jvm import jvm_of, to_java_list
    from smv.repository import PythonDataSetRepository
    from smv.server import RepositoryServer
    from smv.session import create_spark_session

    config = load_app_config(APP)
    sys.path.insert(0, str(config.python_dir))
    spark = create_spark_session("smv-bench", extra_jars=[str(BENCH_JAR)])
    repository = PythonDataSetRepository(config.stages, str(config.input_dir), spark)
    urns = repository.list_data_sets()
    target = next(u for u in urns if u.endswith("CleanOrders"))
    loop = jvm_of(spark).smv.bench.MetadataCallLoop
    callback = RepositoryCallback(repository)
    rows: list[dict[str, Any]] = []

    def record(name: str, design: str, calls: int, nanos: int) -> None:
        rows.append({"name": name, "design": design, "calls": calls, "total_ms": nanos / 1e6,
                     "per_call_us": nanos / 1e3 / calls})

    with RepositoryServer(repository) as server:
        grpc_repo = jvm_of(spark).smv.GrpcDataSetRepository.connect(server.address, server.token)
        try:
            n, w = args.calls, args.warmup
            record("dependencies(urn)", "py4j callback", n, loop.callbackDependencies(callback, f"dependencies {target}", n, w))
            record("dependencies(urn)", "gRPC (Unix socket)", n, loop.grpcDependencies(grpc_repo, target, n, w))
            runs = max(1, n // 20)
            jurns = to_java_list(spark, urns)
            record(f"metadata of {len(urns)} datasets", "py4j callbacks, one per question",
                   runs, loop.callbackPerDataset(callback, jurns, to_java_list(spark, QUESTIONS), runs, w // 20))
            record(f"metadata of {len(urns)} datasets", "gRPC BatchGetMetadata, one call",
                   runs, loop.grpcBatchMetadata(grpc_repo, jurns, runs, w // 20))
        finally:
            grpc_repo.close()
    spark.stop()

    print(f"{'what':<28} {'design':<36} {'calls':>6} {'total ms':>10} {'µs per call':>12}")
    for r in rows:
        print(f"{r['name']:<28} {r['design']:<36} {r['calls']:>6} {r['total_ms']:>10.1f} {r['per_call_us']:>12.1f}")
    single = rows[1]["per_call_us"] / rows[0]["per_call_us"]
    batch = rows[3]["per_call_us"] / rows[2]["per_call_us"]
    print(f"\none gRPC call costs {single:.1f}x one py4j callback; "
          f"a run's metadata over gRPC (batched) costs {batch:.2f}x the callbacks it replaces")
    out = ROOT / "bench" / "results" / "metadata_calls.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "grpc_over_callback_single": single,
                               "grpc_batch_over_callbacks": batch}, indent=2))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
