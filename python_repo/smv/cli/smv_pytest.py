"""smv-pytest: run an SMV app's own tests, src/test/python/test*.py (unittest classes deriving
from test_support.smvbasetest.SmvBaseTest), with one SparkSession for the whole run.

    smv-pytest [--smv-app-dir DIR] [-t NAME ...] [--verbose] [-- spark-submit options]

-t runs only the named tests: a test module (`test_employment`), a class (`test_employment.Test`)
or a method. A name that names nothing is an error listing what could run.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import unittest
from pathlib import Path
from typing import Iterator, Sequence, TextIO

from smv.cli.smv_run import configure_spark_submit, split_spark_opts

TEST_SRC = Path("src") / "test" / "python"
PYTHON_SRC = Path("src") / "main" / "python"


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    own, spark_opts = split_spark_opts(argv)
    parser = argparse.ArgumentParser(prog="smv-pytest", description="Run an SMV app's tests (src/test/python).")
    parser.add_argument("--smv-app-dir", default=".", help="the app folder (default: .)")
    parser.add_argument("-t", "--test", dest="tests", action="append", default=[], metavar="NAME",
                        help="a test module, module.Class or module.Class.method (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="Spark's logs")
    return parser.parse_args(own), spark_opts


def test_cases(suite: unittest.TestSuite) -> Iterator[unittest.TestCase]:
    """The test cases of a (nested) suite."""
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            yield from test_cases(test)
        else:
            yield test


def _runnable_names(cases: list[unittest.TestCase]) -> list[str]:
    """What -t could name: every module and module.Class (methods are their children)."""
    names = set()
    for case in cases:
        module_and_class = case.id().rsplit(".", 1)[0]
        names.update({module_and_class.rsplit(".", 1)[0], module_and_class})
    return sorted(names)


def select(suite: unittest.TestSuite, names: Sequence[str]) -> unittest.TestSuite:
    """The tests that `names` name; ValueError listing what could run when a name names nothing."""
    cases = list(test_cases(suite))
    if not names:
        return unittest.TestSuite(cases)
    chosen: list[unittest.TestCase] = []
    for name in names:
        matching = [c for c in cases if c.id() == name or c.id().startswith(name + ".")]
        if not matching:
            raise ValueError(f"-t {name} names no test; it could run: {', '.join(_runnable_names(cases)) or 'nothing'}")
        chosen += [c for c in matching if c not in chosen]
    return unittest.TestSuite(chosen)


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    args, spark_opts = parse_args(sys.argv[1:] if argv is None else argv)
    app = Path(args.smv_app_dir).resolve()
    tests = app / TEST_SRC
    if not (app / "conf").is_dir():
        print(f"smv-pytest: no SMV app at {app}: expected conf/smv-app-conf.props there", file=err)
        return 2
    if not tests.is_dir():
        print(f"smv-pytest: {app} has no tests: expected them in {tests}", file=err)
        return 5
    configure_spark_submit(spark_opts, args.verbose)
    os.environ["SMV_APP_DIR"] = str(app)
    for folder in (tests, app / PYTHON_SRC):  # tests import each other and the app's code
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    discovered = unittest.defaultTestLoader.discover(str(tests), pattern="test*.py", top_level_dir=str(tests))
    try:
        suite = select(discovered, args.tests)
    except ValueError as exc:
        print(f"smv-pytest: {exc}", file=err)
        return 2
    if suite.countTestCases() == 0:
        print(f"smv-pytest: no tests found in {tests} (test*.py)", file=err)
        return 5
    return _run(suite, out)


def _run(suite: unittest.TestSuite, out: TextIO) -> int:
    """Runs the suite in a temporary data folder of its own, with one SparkSession, stopped at the end."""
    from test_support import smvbasetest

    tmp = tempfile.mkdtemp(prefix="smv-pytest-")
    os.environ[smvbasetest.TMP_DIR_ENV] = tmp
    try:
        result = unittest.TextTestRunner(stream=out, verbosity=2).run(suite)
    finally:
        smvbasetest.stop_shared_session()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
