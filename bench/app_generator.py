"""Synthetic SMV apps for the benchmarks (and the scale tests): N modules of one shape.

- wide: every module reads the one input and adds a column (N independent branches);
- chain: module 1 reads the input, module k reads module k-1 (one long path).

Every module is an SmvOutput, persisted, so `smv-run --run-app` runs them all. The
modules are written `per_file` to a file, the way a user writes them. The same
description drives `plain_pyspark_script`, the hand-written PySpark a user would
write instead (same reads, transformations and writes), for side-by-side timings.

    .venv/bin/python bench/app_generator.py OUT_DIR --n 1000 --shape wide --per-file 20
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

STAGE = "benchapp"
SHAPES = ("wide", "chain")


@dataclass(frozen=True)
class AppSpec:
    """What to generate: `n` modules of `shape`, `per_file` to a file, over an input of `rows`
    rows; `doc_padding` characters added to each docstring (bigger metadata)."""

    n: int
    shape: str = "wide"
    per_file: int = 20
    rows: int = 100
    doc_padding: int = 0

    def __post_init__(self) -> None:
        if self.n < 1 or self.per_file < 1 or self.rows < 1:
            raise ValueError(f"n, per_file and rows must be at least 1, got {self}")
        if self.shape not in SHAPES:
            raise ValueError(f"shape must be one of {', '.join(SHAPES)}, got {self.shape!r}")

    def module_name(self, index: int) -> str:
        return f"M{index:05d}"

    def file_of(self, index: int) -> str:
        return f"mods_{(index - 1) // self.per_file:04d}"

    def fqn(self, index: int) -> str:
        return f"{STAGE}.{self.file_of(index)}.{self.module_name(index)}"

    def urns(self) -> list[str]:
        """Every dataset's urn (the input's first)."""
        return [f"urn:smv:mod:{STAGE}.inputs.Input"] + [f"urn:smv:mod:{self.fqn(i)}" for i in range(1, self.n + 1)]


def generate_app(root: Path, spec: AppSpec) -> Path:
    """Writes the app under `root` (created); returns `root`."""
    python = root / "src" / "main" / "python" / STAGE
    python.mkdir(parents=True, exist_ok=True)
    (root / "conf").mkdir(exist_ok=True)
    (root / "conf" / "smv-app-conf.props").write_text(
        f"smv.appName = bench {spec.shape} {spec.n}\nsmv.stages = {STAGE}\nsmv.dataDir = data\n")
    data = root / "data" / "input"
    data.mkdir(parents=True, exist_ok=True)
    (data / "input.schema").write_text("@has-header = true\nk: Integer\nv: Integer\n")
    (data / "input.csv").write_text("k,v\n" + "".join(f"{r % 10},{r}\n" for r in range(spec.rows)))
    (python / "__init__.py").write_text("")
    (python / "inputs.py").write_text(
        'import smv\n\n\nclass Input(smv.SmvCsvFile):\n    """The one input."""\n\n'
        '    def path(self):\n        return "input.csv"\n')
    for first in range(1, spec.n + 1, spec.per_file):
        last = min(first + spec.per_file - 1, spec.n)
        (python / f"{spec.file_of(first)}.py").write_text(_module_file(spec, first, last))
    return root


def _module_file(spec: AppSpec, first: int, last: int) -> str:
    imports = ["import smv", f"from {STAGE}.inputs import Input"]
    if spec.shape == "chain" and first > 1:
        imports.append(f"from {STAGE}.{spec.file_of(first - 1)} import {spec.module_name(first - 1)}")
    classes = []
    for i in range(first, last + 1):
        if spec.shape == "wide" or i == 1:
            dep, expr = "Input", f'"*", "v + {i} AS c{i}"'
        else:
            dep, expr = spec.module_name(i - 1), '"k", "v + 1 AS v"'
        classes.append(
            f"class {spec.module_name(i)}(smv.SmvModule, smv.SmvOutput):\n"
            f'    """Module {i} of {spec.n} ({spec.shape}).{" " + "x" * spec.doc_padding if spec.doc_padding else ""}"""\n\n'
            f"    def requiresDS(self):\n        return [{dep}]\n\n"
            f"    def run(self, i):\n        return i[{dep}].selectExpr({expr})\n")
    return "\n".join(imports) + "\n\n\n" + "\n\n".join(classes)


def plain_pyspark_run(spark: object, app: Path, spec: AppSpec, output: Path) -> None:
    """The same work as the app's first run, as a plain sequential PySpark script would do it:
    read the CSV with its schema, and per module transform and write parquet."""
    from pyspark.sql import SparkSession

    assert isinstance(spark, SparkSession)
    source = spark.read.csv(str(app / "data" / "input" / "input.csv"), header=True, schema="k INT, v INT")
    previous = source
    for i in range(1, spec.n + 1):
        path = str(output / f"{spec.module_name(i)}.parquet")
        if spec.shape == "wide" or i == 1:
            source.selectExpr("*", f"v + {i} AS c{i}").write.parquet(path)
        else:
            previous.selectExpr("k", "v + 1 AS v").write.parquet(path)
        previous = spark.read.parquet(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--shape", choices=SHAPES, default="wide")
    parser.add_argument("--per-file", type=int, default=20)
    parser.add_argument("--rows", type=int, default=100)
    args = parser.parse_args()
    generate_app(args.out, AppSpec(args.n, args.shape, args.per_file, args.rows))
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
