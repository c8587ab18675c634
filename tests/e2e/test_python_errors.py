"""User-code errors of Python modules reach the JVM as RepositoryExceptions carrying the
Python exception type and traceback; the repository keeps serving afterwards."""
from __future__ import annotations

import pytest
from py4j.protocol import Py4JJavaError

from smv.app.smv_app import SmvApp


def java_error(app: SmvApp, name: str) -> object:
    with pytest.raises(Py4JJavaError) as info:
        app.run_module(name)
    return info.value.java_exception


def test_a_raising_run_carries_type_and_traceback_to_the_jvm(crosslang: SmvApp) -> None:
    error = java_error(crosslang, "smvfix.py1.broken.Explodes")
    assert error.getClass().getName() == "smv.RepositoryException"
    assert error.reason().get() == "USER_CODE_ERROR" and error.codeName() == "UNKNOWN"
    assert "ZeroDivisionError" in error.remoteType().get()
    traceback = error.remoteTraceback().get()
    assert "smvfix/py1/broken.py" in traceback and "_divide" in traceback
    assert "smvfix.py1.broken.Explodes" in str(error.getMessage())


def test_run_returning_something_else_names_the_module_and_the_type(crosslang: SmvApp) -> None:
    message = str(java_error(crosslang, "smvfix.py1.broken.NotADataFrame").getMessage())
    assert "smvfix.py1.broken.NotADataFrame" in message and "str" in message


def test_the_repository_keeps_serving_after_errors(crosslang: SmvApp) -> None:
    java_error(crosslang, "smvfix.py1.broken.Explodes")
    assert sorted(tuple(r) for r in crosslang.run_module("smvfix.py1.mods.PyOut").collect()) == [("b", 6), ("c", 9)]
