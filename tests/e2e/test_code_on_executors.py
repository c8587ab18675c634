"""Issue 8: the app's Python code on the executors. UDFs over the app's own code (a helper
package outside the stages, a module-level function, a pandas UDF, a lambda) run in the
Python workers, which import the app and smv from the zips SMV shipped, and an edit
reaches them without restarting Spark."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from smv.app.smv_app import SmvApp

SHOUTED = "urn:smv:mod:udfs.stage.people.Shouted"
WHERE = "urn:smv:mod:udfs.stage.people.WhereItRan"
EXPECTED = [
    (1, "ada lovelace", "ADA LOVELACE!", "AL", 12, "ecalevol ada"),
    (2, "alan turing", "ALAN TURING!", "AT", 11, "gnirut nala"),
    (3, "grace hopper", "GRACE HOPPER!", "GH", 12, "reppoh ecarg"),
    (4, "edsger dijkstra", "EDSGER DIJKSTRA!", "ED", 15, "artskjid regsde"),
    (5, "barbara liskov", "BARBARA LISKOV!", "BL", 14, "voksil arabrab"),
    (6, "john backus", "JOHN BACKUS!", "JB", 11, "sukcab nhoj"),
]


def rows_of(app: SmvApp, urn: str, force: bool = False) -> list[tuple[object, ...]]:
    return sorted(tuple(r) for r in app.run([urn], force).dataframes[urn].collect())


def test_udfs_over_the_apps_own_code_run_in_the_python_workers(
        app_copy: Callable[[str], Path], open_app: Callable[[Path], SmvApp]) -> None:
    app = open_app(app_copy("udfs"))
    assert rows_of(app, SHOUTED) == EXPECTED
    where = app.run([WHERE]).dataframes[WHERE].collect()
    assert sum(r["rows"] for r in where) == len(EXPECTED)
    for r in where:
        assert "/smv-lib-" in r["smv_file"] and ".zip/smv/" in r["smv_file"], r  # smv from the shipped zip
        assert r["grpc_imported"] is False, r  # the user API pulls in nothing of the transport


def test_an_edit_reaches_the_executors_without_restarting_spark(
        app_copy: Callable[[str], Path], open_app: Callable[[Path], SmvApp]) -> None:
    app_dir = app_copy("udfs")
    app = open_app(app_dir)
    assert rows_of(app, SHOUTED)[0][2] == "ADA LOVELACE!"
    helper = app_dir / "src" / "main" / "python" / "udfs" / "text" / "shouting.py"
    helper.write_text(helper.read_text().replace('text.upper() + "!"', 'text.upper() + "?!"'))
    shouted = [r[2] for r in rows_of(app, SHOUTED, force=True)]
    assert shouted == [e[2][:-1] + "?!" for e in EXPECTED]
