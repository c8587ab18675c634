"""DataFrames by handle vs by rows, side by side in one run, for growing data sizes.

What the bridge does: the JVM registers a dependency's DataFrame, Python turns the
handle into a pyspark DataFrame, runs a module on it, and registers the result; the
JVM resolves the result handle and counts it. What it avoids: moving the rows to
Python and back (collect, then createDataFrame). Both end with the same count on
the JVM side, so each side does the same Spark work apart from the passing.

    .venv/bin/python -m bench.handle_passing [--sizes 1000,100000,1000000] [--repeat 3]

Prints a table and writes bench/results/handle_passing.json.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench.suite import seconds

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from pyspark.sql import DataFrame, functions as F

    from smv.spark.jvm import dataframe_from_handle, jvm_of, register_dataframe, release_run
    from smv.spark.session import create_spark_session

    spark = create_spark_session("smv-bench-handles")
    handles = jvm_of(spark).smv.driver.DataFrameHandles
    rows: list[dict[str, Any]] = []
    for size in (int(s) for s in args.sizes.split(",")):
        source = spark.range(size).select((F.col("id") * 7).alias("v"), (F.col("id") % 13).alias("k")).cache()
        source.count()

        def by_handle() -> int:
            run_id = "bench"
            dependency = register_dataframe(spark, run_id, source)           # JVM side, by reference
            result = dataframe_from_handle(spark, dependency).where("k < 6")  # the Python module
            back = register_dataframe(spark, run_id, result)
            count = DataFrame(handles.get(back), spark).count()               # JVM side again
            release_run(spark, run_id)
            return count

        def by_rows() -> int:
            moved = spark.createDataFrame(source.collect(), source.schema)   # rows to Python and back
            return moved.where("k < 6").count()

        assert by_handle() == by_rows()
        for design, work in (("by handle", by_handle), ("by rows (collect + createDataFrame)", by_rows)):
            rows.append({"rows": size, "design": design, "seconds": seconds(work, args.repeat)})
        source.unpersist()
    spark.stop()

    print(f"{'rows':>10} {'design':<38} {'median s':>9}")
    for r in rows:
        print(f"{r['rows']:>10} {r['design']:<38} {r['seconds']:>9.3f}")
    by_size: dict[int, dict[str, float]] = {}
    for r in rows:
        by_size.setdefault(r["rows"], {})[r["design"].split(" (")[0]] = r["seconds"]
    ratios = {size: d["by rows"] / d["by handle"] for size, d in by_size.items()}
    print("\nby rows / by handle: " + ", ".join(f"{s} rows {x:.1f}x" for s, x in ratios.items()))
    out = ROOT / "bench" / "results" / "handle_passing.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "rows_over_handle": ratios}, indent=2))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
