"""Issue 5: smv-run on the example app, through real processes (a JVM and a server each)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "sales"
EXAMPLE_JAR = ROOT / "target" / "examples" / "sales-example.jar"
OUTPUTS = ["sales.ingest.CleanCustomers", "sales.ingest.orders.CleanOrders", "sales.report.TopCustomers",
           "sales.report.revenue.RevenueByRegion"]
DATASETS = OUTPUTS + ["sales.ingest.Customers", "sales.ingest.orders.Orders", "sales.ingest.CustomerOrderCounts",
                      "sales.report.RegionCustomers", "sales.report.revenue.CustomerValue"]


def smv_run(app: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """smv-run as a person runs it, in its own process; the example's Scala jar by absolute path."""
    command = [sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(app),
               "--smv-props", f"smv.jars={EXAMPLE_JAR}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "PYSPARK_SUBMIT_ARGS": ""})


def lines_of(result: subprocess.CompletedProcess[str], first_word: str) -> dict[str, str]:
    """fqn -> the rest of each line starting with `first_word` (e.g. "end" or a plan action)."""
    found = {}
    for line in result.stdout.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == first_word:
            found[words[1]] = line
    return found


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not EXAMPLE_JAR.is_file():
        pytest.fail(f"the example's Scala jar is missing at {EXAMPLE_JAR}: build it with 'bin/sbt jars'")
    # without what earlier runs in the source tree left behind (outputs, error logs, graphs)
    leftovers = shutil.ignore_patterns("output", ".smv", "smv-graph.*")
    return Path(shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("cli") / "sales", ignore=leftovers))


@pytest.fixture(scope="module")
def first_run(example: Path) -> subprocess.CompletedProcess[str]:
    return smv_run(example, "--run-app")


def test_run_app_writes_every_output(example: Path, first_run: subprocess.CompletedProcess[str]) -> None:
    assert first_run.returncode == 0, first_run.stderr
    ended = lines_of(first_run, "end")
    for fqn in OUTPUTS:
        assert " run " in ended[fqn], ended
        assert len(list((example / "data" / "output").glob(f"{fqn}_*.parquet"))) == 1
    assert "7 dataset(s) run, 0 reused" in first_run.stdout


def test_second_run_reuses_every_output(example: Path, first_run: subprocess.CompletedProcess[str]) -> None:
    second = smv_run(example, "--run-app")
    assert second.returncode == 0, second.stderr
    ended = lines_of(second, "end")
    assert set(ended) == set(OUTPUTS)
    assert all(" reuse " in line for line in ended.values())
    assert "0 dataset(s) run, 4 reused" in second.stdout


def test_dry_run_plan_before_and_after_touching_an_input(example: Path,
                                                         first_run: subprocess.CompletedProcess[str]) -> None:
    before = lines_of(smv_run(example, "--run-app", "--dry-run"), "reuse")
    assert set(before) == set(OUTPUTS)
    orders = example / "data" / "input" / "orders.csv"
    os.utime(orders, (orders.stat().st_atime, orders.stat().st_mtime + 60))
    plan = smv_run(example, "--run-app", "--dry-run")
    assert plan.returncode == 0, plan.stderr
    runs, reuses = lines_of(plan, "run"), lines_of(plan, "reuse")
    assert set(runs) >= {"sales.ingest.orders.Orders", "sales.ingest.orders.CleanOrders",
                         "sales.report.TopCustomers", "sales.report.revenue.RevenueByRegion"}
    assert set(reuses) == {"sales.ingest.CleanCustomers"}
    assert "upstream changed: sales.ingest.orders.Orders (" in runs["sales.ingest.orders.CleanOrders"]
    assert "upstream changed: sales.ingest.orders.CleanOrders (" in runs["sales.report.revenue.RevenueByRegion"]
    assert not list((example / "data" / "output").glob("*.tmp*")), "a dry run must not write"


def test_graph_writes_a_valid_svg_naming_every_dataset(example: Path) -> None:
    svg = example / "graph" / "sales.svg"
    result = smv_run(example, "--run-app", "--graph", str(svg))
    assert result.returncode == 0, result.stderr
    root = ET.parse(svg).getroot()
    text = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    for fqn in DATASETS:
        assert fqn.rsplit(".", 1)[-1] in text
    assert svg.with_suffix(".dot").read_text().startswith("digraph")


def test_a_failing_module_exits_non_zero_and_names_it(example: Path, tmp_path: Path) -> None:
    app = Path(shutil.copytree(example, tmp_path / "sales"))
    module = app / "src" / "main" / "python" / "sales" / "report" / "revenue.py"
    module.write_text(module.read_text().replace(
        '        return (i[CleanOrders].groupBy("region")',
        '        raise ValueError("regions are not ready")\n        return (i[CleanOrders].groupBy("region")'))
    result = smv_run(app, "-m", "RevenueByRegion")
    assert result.returncode == 1
    # the module, the exception type and its message first; the transport's details in the log
    failed = next(line for line in result.stderr.splitlines() if line.startswith("smv-run: FAILED"))
    assert failed == "smv-run: FAILED: sales.report.revenue.RevenueByRegion: ValueError: regions are not ready", failed
    log = app / ".smv" / "last-error.log"
    assert "full traceback in" in result.stderr and log.is_file()
    assert "Traceback" in log.read_text() or "ValueError" in log.read_text()


def test_an_ambiguous_suffix_lists_the_candidates(example: Path, tmp_path: Path) -> None:
    app = Path(shutil.copytree(example, tmp_path / "sales"))
    (app / "src" / "main" / "python" / "sales" / "report" / "orders.py").write_text(
        "import smv\n\n\nclass Orders(smv.SmvCsvStringData):\n"
        "    def schemaStr(self):\n        return 'id:String'\n\n    def dataStr(self):\n        return 'x'\n")
    result = smv_run(app, "-m", "Orders")
    assert result.returncode == 2
    assert "'Orders' is ambiguous" in result.stderr
    assert "sales.ingest.orders.Orders" in result.stderr and "sales.report.orders.Orders" in result.stderr


def test_a_name_matching_nothing_says_so_in_one_line(example: Path) -> None:
    result = smv_run(example, "-m", "NoSuchModule")
    assert result.returncode == 2
    assert "no dataset named 'NoSuchModule'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_stage_names_the_stages_there_are(example: Path) -> None:
    result = smv_run(example, "-s", "sales.nope")
    assert result.returncode == 2
    assert "no stage 'sales.nope'" in result.stderr and "sales.ingest" in result.stderr


def test_a_missing_jar_is_one_sentence_not_a_stack_trace(example: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(example), "--run-app"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "SMV_JAR": str(example / "missing.jar")})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"smv-run: The SMV jar is missing at {example / 'missing.jar'}: build it with 'bin/sbt assembly' "
        "from the repository root, or point SMV_JAR at an existing smv-assembly.jar."]


def test_a_configured_stage_with_no_datasets_says_where_it_looked(example: Path, tmp_path: Path) -> None:
    app = Path(shutil.copytree(example, tmp_path / "sales"))
    props = app / "conf" / "smv-app-conf.props"
    props.write_text(props.read_text().replace("smv.stages = sales.ingest, sales.report",
                                               "smv.stages = sales.ingest, sales.report, sales.typo"))
    result = smv_run(app, "--run-app")
    assert result.returncode == 2
    assert "stage sales.typo has no datasets" in result.stderr
    assert str(app / "src" / "main" / "python") in result.stderr
    # a Scala stage's jar not given is a likely cause: say how to give it
    assert "smv-run ... -- --jars app.jar" in result.stderr and "smv.jars" in result.stderr


def test_no_conf_file_says_where_it_looked(tmp_path: Path) -> None:
    result = smv_run(tmp_path, "--run-app")
    assert result.returncode == 2
    assert f"expected its configuration at {tmp_path / 'conf' / 'smv-app-conf.props'}" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreadable_props_line_gives_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    # "what is this" alone is a key and its value in the .properties format; a broken \u escape is not
    (tmp_path / "conf" / "smv-app-conf.props").write_text("smv.stages = a\nwhat = is \\u00 this\n")
    result = smv_run(tmp_path, "--run-app")
    assert result.returncode == 2
    assert "smv-app-conf.props:2: cannot read '\\u00 t': expected a unicode escape" in result.stderr


def test_jars_given_to_spark_submit_after_the_double_dash_are_merged_with_smvs(example: Path) -> None:
    # as SMV's smv-pyrun accepted: the Scala stages' jar given with --jars, not smv.jars
    command = [sys.executable, "-m", "smv.cli.smv_run", "--smv-app-dir", str(example), "--smv-props", "smv.jars=",
               "--dry-run", "--run-app", "--", "--master", "local[1]", "--jars", str(EXAMPLE_JAR)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PYSPARK_SUBMIT_ARGS": ""})
    assert result.returncode == 0, result.stderr
    planned = {**lines_of(result, "run"), **lines_of(result, "reuse")}
    assert set(planned) >= set(OUTPUTS), result.stdout
