"""SMV 2.2's Python names: module paths, `from smv import *`, the run-configuration getters, and
clear errors for the features this SMV does not provide."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

import smv
import smv.smvdataset
from smv.api.dataset import SmvAppContext, SmvModule
from smv.api.unsupported import SmvUnsupportedError
from smv.repository.python_repository import PythonDataSetRepository

# What an SMV 2.2 app imports by name from `smv`.
SMV22_NAMES = ["SmvApp", "SmvDataSet", "SmvModule", "SmvOutput", "SmvCsvFile", "SmvCsvStringData", "SmvModuleLink",
               "SmvExtModuleLink", "CsvAttributes", "SmvRunConfig", "SmvPyCsvFile", "SmvPyModule", "SmvPyOutput",
               "SmvPyModuleLink", "SmvMultiCsvFiles", "SmvHiveTable", "SmvJdbcTable", "SmvSqlModule", "SmvModel",
               "SmvModelExec", "SmvHistoricalValidator", "SmvHistoricalValidators"]
DQM_NAMES = {"SmvDQM", "DQMRule", "DQMFix", "FailNone", "FailAny", "FailCount", "FailPercent", "FailParserCountPolicy",
             "FailTotalRuleCountPolicy", "FailTotalFixCountPolicy", "FailTotalRulePercentPolicy",
             "FailTotalFixPercentPolicy"}


def star_import(module: str) -> dict[str, object]:
    names: dict[str, object] = {}
    exec(f"from {module} import *", names)
    return {k: v for k, v in names.items() if not k.startswith("__")}


def test_smv_smvdataset_is_a_module_path_of_the_same_classes() -> None:
    assert smv.smvdataset.SmvExtDataSet("a.b.M1").urn() == "urn:smv:mod:a.b.M1"
    for name in ("SmvDataSet", "SmvModule", "SmvOutput", "SmvCsvFile", "SmvCsvStringData", "SmvModuleLink",
                 "SmvExtModuleLink", "SmvExtDataSet"):
        assert getattr(smv.smvdataset, name) is getattr(smv, name), name


def test_smvdataset_is_reachable_as_an_attribute_without_its_own_import() -> None:
    code = "import smv; print(smv.smvdataset.SmvExtDataSet('a.b.M1').urn(), smv.dqm.FailAny)"
    import subprocess
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("urn:smv:mod:a.b.M1 ")


def test_from_smv_import_star_gives_smv22s_names_and_this_projects() -> None:
    names = star_import("smv")
    missing = [n for n in SMV22_NAMES if n not in names]
    assert not missing
    assert names["SmvPyModule"] is smv.SmvModule and names["SmvPyModuleLink"] is smv.SmvModuleLink
    assert {"SmvExtDataSet", "SmvDQM", "RepositoryServer"} <= set(names)


def test_from_smv_dqm_import_star_gives_exactly_the_dqm_names() -> None:
    assert set(star_import("smv.dqm")) == DQM_NAMES


class Configured(SmvModule):
    def run(self, i: object) -> object:
        return None


def configured(**run_config: str) -> Configured:
    return Configured(SmvAppContext(run_config={f"smv.config.{k}": v for k, v in run_config.items()}))


def test_smv_get_run_config_reads_smv_config_keys() -> None:
    m = configured(label=" x ", n=" 12 ")
    assert m.smvGetRunConfig("label") == " x "
    assert m.smvGetRunConfig("absent") is None
    assert m.smvGetRunConfigAsInt("n") == 12
    assert m.smvGetRunConfigAsInt("absent") is None
    with pytest.raises(ValueError, match=r"run configuration smv.config.label = ' x ': expected an integer"):
        m.smvGetRunConfigAsInt("label")


@pytest.mark.parametrize("value, truth", [("1", True), ("true", True), (" TRUE ", True), ("True", True),
                                          ("0", False), ("false", False), ("yes", False), ("", False)])
def test_smv_get_run_config_as_bool_has_smvs_truth_values(value: str, truth: bool) -> None:
    assert configured(flag=value).smvGetRunConfigAsBool("flag") is truth


def test_smv_get_run_config_as_bool_is_none_when_unset() -> None:
    assert configured().smvGetRunConfigAsBool("flag") is None


@pytest.mark.parametrize("name", ["SmvJdbcTable", "SmvMultiCsvFiles", "SmvModel",
                                  "SmvModelExec", "SmvSqlCsvFile", "SmvHistoricalValidator"])
def test_an_unsupported_class_fails_naming_itself_when_subclassed_or_created(name: str) -> None:
    cls = getattr(smv, name)
    with pytest.raises(SmvUnsupportedError, match=rf"^{name} \(base class of .*\.Mine\) is not supported by this SMV "
                                                  r"\(it was part of SMV 2\.2\.0\.0\): .*docs/migrating-from-smv\.md"):
        type("Mine", (cls,), {})
    with pytest.raises(SmvUnsupportedError, match=rf"^{name} is not supported by this SMV"):
        cls("anything")


def test_requires_lib_fails_naming_the_method_and_the_module() -> None:
    with pytest.raises(SmvUnsupportedError, match=r"^requiresLib\(\) \(defined by .*\.WithLib\) is not supported"):
        class WithLib(SmvModule):
            def requiresLib(self) -> list[object]:
                return []

            def run(self, i: object) -> object:
                return None


def test_a_stage_using_an_unsupported_class_fails_to_list_naming_it(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    stage = tmp_path / "compatjdbc"
    stage.mkdir()
    (stage / "__init__.py").write_text("")
    (stage / "tables.py").write_text("import smv\n\n\nclass Accounts(smv.SmvJdbcTable):\n"
                                     "    def tableName(self):\n        return 'db.accounts'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    repository = PythonDataSetRepository(["compatjdbc"], str(tmp_path), None)
    with pytest.raises(Exception, match=r"SmvJdbcTable \(base class of compatjdbc\.tables\.Accounts\) "
                                        r"is not supported") as info:
        repository.list_data_sets()
    assert not isinstance(info.value, AttributeError)
