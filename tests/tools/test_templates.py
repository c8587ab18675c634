"""smv-init's templates, each made by the real command in a temporary folder: run as made by
smv-run (rows checked, a second run reuses every output) and tested by their own smv-pytest; the
test template's Scala modules built by the documented command (the app's own sbt build against
io.smv::smv, published locally by bin/setup) and found by smv-run without --jars."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.conftest import BIN, ROOT, ended, run

STATE_YEARS = 8  # the shipped data: 4 states x 2 years
PUBLISHED = Path.home() / ".ivy2" / "local" / "io.smv" / "smv_2.13"

# The outputs of each template (fqn without the package) and their rows.
OUTPUTS = {
    "simple": {"stage1.employment.EmploymentByState": STATE_YEARS},
    "enterprise": {"stage1.employment.EmploymentByState": STATE_YEARS,
                   "stage2.category.EmploymentByStateCategory": STATE_YEARS},
    "test": {"stage1.employment.EmploymentByState": STATE_YEARS, "stage1.counties.EmployeesPerCounty": STATE_YEARS,
             "stage1.CountiesPerState": STATE_YEARS, "stage2.category.EmploymentByStateCategory": STATE_YEARS,
             "stage2.reports.StateReport": STATE_YEARS, "stage2.StatePayroll": STATE_YEARS,
             "stage2.EmployeesAllYears": 4},
    "big": {"stage1.employment.EmploymentByState": STATE_YEARS,
            **{f"gen{s:02d}.modules.M{m:02d}": STATE_YEARS for s in range(1, 5) for m in (5, 10)}},
}
FLAGS = {"simple": "-s", "enterprise": "-e", "test": "-t", "big": "-b"}

# Real builds and Spark processes: generous deadlines on a busy machine (pyproject's default is 600 s).
pytestmark = pytest.mark.timeout(3600)


def make(kind: str, where: Path) -> Path:
    result = run([BIN / "smv-init", FLAGS[kind], f"My-{kind}"], cwd=where, timeout=120)
    app = where / f"My-{kind}"
    assert f"made the {kind} app My-{kind} (package my_{kind})" in result.stdout
    assert (app / "conf" / "smv-app-conf.props").is_file()
    return app


def build_scala(app: Path) -> Path:
    """The documented command: the app's own sbt build, with this repository's bin/sbt."""
    if not PUBLISHED.is_dir():
        pytest.fail(f"io.smv::smv is not published at {PUBLISHED}: run bin/setup (it runs 'bin/sbt publishLocal')")
    run([ROOT / "bin" / "sbt", "package"], cwd=app, timeout=900)
    jars = list((app / "target" / "scala-2.13").glob("*.jar"))
    assert [j.name for j in jars] == ["my_test_2.13-0.1.0.jar"], jars
    return jars[0]


@pytest.mark.parametrize("kind", ["simple", "enterprise", "test", "big"])
def test_template_runs_as_made_reuses_and_passes_its_own_tests(kind: str, tmp_path: Path) -> None:
    app = make(kind, tmp_path)
    if kind == "test":
        build_scala(app)
    expected = {f"my_{kind}.{name}": rows for name, rows in OUTPUTS[kind].items()}

    first = run([BIN / "smv-run", "--smv-app-dir", app, "--run-app"], cwd=tmp_path)
    runs = ended(first.stdout)
    assert {fqn: runs[fqn] for fqn in expected if fqn in runs} == {f: ("run", r) for f, r in expected.items()}, first.stdout

    second = run([BIN / "smv-run", "--smv-app-dir", app, "--run-app"], cwd=tmp_path)
    assert "0 dataset(s) run" in second.stdout, second.stdout
    assert {f: a for f, (a, _) in ended(second.stdout).items()} == {f: "reuse" for f in expected}, second.stdout

    tests = run([BIN / "smv-pytest", "--smv-app-dir", app], cwd=tmp_path)
    assert "\nOK" in tests.stderr + tests.stdout, tests.stdout + tests.stderr


def test_an_existing_name_or_folder_is_refused_and_nothing_is_overwritten(tmp_path: Path) -> None:
    app = make("simple", tmp_path)
    conf = app / "conf" / "smv-app-conf.props"
    conf.write_text("mine\n")
    again = run([BIN / "smv-init", "-e", "My-simple"], cwd=tmp_path, expect=2)
    assert f"{app} already exists" in again.stderr and conf.read_text() == "mine\n"
    (tmp_path / "empty").mkdir()
    into = run([BIN / "smv-init", "-s", "Other", "empty"], cwd=tmp_path, expect=2)
    assert "already exists" in into.stderr and list((tmp_path / "empty").iterdir()) == []


def test_smv_pytest_t_naming_nothing_lists_what_it_could_run(tmp_path: Path) -> None:
    app = make("enterprise", tmp_path)
    result = run([BIN / "smv-pytest", "--smv-app-dir", app, "-t", "test_nothing"], cwd=tmp_path, expect=2)
    assert result.stderr.strip() == (
        "smv-pytest: -t test_nothing names no test; it could run: test_category, "
        "test_category.EmploymentByStateCategoryTest, test_employment, test_employment.EmploymentByStateTest")


def test_the_scala_build_uses_this_repositorys_versions(tmp_path: Path) -> None:
    app = make("test", tmp_path)
    build = (app / "build.sbt").read_text()
    assert '"io.smv" %% "smv" % "0.1.0" % Provided' in build and str(ROOT) not in build
    sbt_version = (ROOT / "project" / "build.properties").read_text().strip()
    assert (app / "project" / "build.properties").read_text().strip() == sbt_version
