"""The user API's own rules: dependency urns, i[Dep], links, run configuration, lazy import."""
from __future__ import annotations

import subprocess
import sys

import pytest

from smv import SmvAppContext, SmvCsvStringData, SmvExtDataSet, SmvExtModuleLink, SmvModule, SmvModuleLink, SmvOutput
from smv.api.dataset import RunParams, UndeclaredDependencyError, dependency_urn


class Source(SmvModule, SmvOutput):
    def run(self, i):  # type: ignore[no-untyped-def]
        return None


def test_dependency_urns_for_classes_links_and_ext_datasets() -> None:
    fqn = f"{__name__}.Source"
    assert dependency_urn(Source) == f"urn:smv:mod:{fqn}"
    assert dependency_urn(SmvModuleLink(Source)) == f"urn:smv:link:{fqn}"
    assert dependency_urn(SmvExtDataSet("com.acme.Mod")) == "urn:smv:mod:com.acme.Mod"
    assert dependency_urn(SmvExtModuleLink("com.acme.Out")) == "urn:smv:link:com.acme.Out"


@pytest.mark.parametrize("dep, hint", [(Source(), "list the class, not an instance"), ("a.B", "got 'a.B'")])
def test_bad_dependencies_are_named(dep: object, hint: str) -> None:
    with pytest.raises(TypeError, match=hint):
        dependency_urn(dep)


@pytest.mark.parametrize("make, message", [
    (lambda: SmvModuleLink("a.B"), "SmvModuleLink target must be an SmvDataSet class"),
    (lambda: SmvExtDataSet("NoDots"), "SmvExtDataSet takes a full name"),
    (lambda: SmvExtModuleLink(""), "SmvExtModuleLink takes a full name"),
])
def test_links_validate_their_target(make: object, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        make()  # type: ignore[operator]


def test_run_params_look_up_by_declared_urn_and_name_undeclared_ones() -> None:
    frame = object()
    i = RunParams("urn:smv:mod:x.Y", {SmvModuleLink(Source).urn(): frame})
    assert i[SmvModuleLink(Source)] is frame
    with pytest.raises(UndeclaredDependencyError, match=r"urn:smv:mod:.*Source is not a dependency of urn:smv:mod:x.Y"):
        i[Source]


def test_run_config_is_read_by_key_with_or_without_prefix() -> None:
    context = SmvAppContext(run_config={"smv.config.a": "1", "b": "2"})
    assert (context.config("a"), context.config("b"), context.config("c", "d")) == ("1", "2", "d")
    with pytest.raises(RuntimeError, match="metadata only"):
        _ = context.spark


def test_description_is_the_docstring_and_inputs_are_ephemeral() -> None:
    class Data(SmvCsvStringData):
        """Inline   data.

        Second line."""

        def schemaStr(self) -> str:
            return "a: String"

        def dataStr(self) -> str:
            return "x"

    assert Data().description() == "Inline   data.\n\nSecond line."
    assert Data().isEphemeral() and Data.kind == "input"


def test_import_smv_loads_neither_pyspark_nor_grpc() -> None:
    code = ("import sys, smv; from smv import SmvModule, SmvCsvFile, SmvModuleLink, SmvDQM, DQMRule; "
            "print('pyspark' in sys.modules, 'grpc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
