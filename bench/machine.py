"""The machine a benchmark ran on, and where its results go (bench/results/*.json)."""
from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from pathlib import Path
from typing import Any


def describe_machine() -> dict[str, Any]:
    """CPU, memory, load and versions: a figure means little without them."""
    cpu = platform.processor() or platform.machine()
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        mem_gb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal"))) / 1e6
    except (OSError, StopIteration):
        mem_gb = 0.0
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    import pyspark

    info = {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_gb, 1), "load_average": os.getloadavg(),
            "os": platform.platform(), "python": platform.python_version(), "java": java[0] if java else "?",
            "pyspark": pyspark.__version__}
    info["summary"] = (f"{info['cores']} cores ({cpu}), {info['memory_gb']} GB, load {os.getloadavg()[0]:.1f}, "
                       f"Python {info['python']}, {info['java']}, pyspark {info['pyspark']}")
    return info


def write_results(out: Path, rows: list[dict[str, Any]], machine: dict[str, Any], options: dict[str, Any],
                  seconds: float) -> Path:
    """bench/results/bench-<time>.json and a copy as latest.json."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    text = json.dumps({"when": stamp, "seconds": round(seconds, 1), "machine": machine,
                       "options": {k: str(v) for k, v in options.items()}, "results": rows}, indent=2)
    path = out / f"bench-{stamp}.json"
    path.write_text(text)
    (out / "latest.json").write_text(text)
    return path
