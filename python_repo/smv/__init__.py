"""SMV: Spark Modularized View (user API re-exported here).

Names load lazily (PEP 562), so `import smv` stays cheap and pulls in neither
pyspark nor grpc until a name that needs them is used.

The files beside this one are the module paths apps write (`smv.dqm`,
`smv.smvdataset`); the code lives in one subpackage per concept: `api` (what
modules are written with), `repository`, `transport` (gRPC), `app` (SmvApp and
its conf), `spark`, `cli` (the commands) and `contract` (the conformance suite).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "smv.api.dataset": ("SmvDataSet", "SmvModule", "SmvOutput", "RunParams", "SmvAppContext", "SmvRunConfig"),
    "smv.api.inputs": ("SmvCsvFile", "SmvCsvStringData", "SmvInput"),
    "smv.api.schema": ("CsvAttributes",),
    "smv.api.links": ("SmvModuleLink", "SmvExtDataSet", "SmvExtModuleLink"),
    "smv.api.dqm": ("SmvDQM", "DQMRule", "DQMFix", "FailNone", "FailAny", "FailCount", "FailPercent",
                    "FailParserCountPolicy", "FailTotalRuleCountPolicy", "FailTotalFixCountPolicy",
                    "FailTotalRulePercentPolicy", "FailTotalFixPercentPolicy"),
    "smv.repository.python_repository": ("PythonDataSetRepository",),
    "smv.transport.server": ("RepositoryServer",),
    "smv.transport.client": ("RepositoryClient",),
    "smv.app.smv_app": ("SmvApp",),
    "smv.sql.module": ("SmvSqlModule",),
    "smv.api.hive": ("SmvHiveTable",),
    # SMV 2.x features this SMV does not provide: using one fails naming it.
    "smv.api.unsupported": ("SmvUnsupportedError", "SmvJdbcTable", "SmvMultiCsvFiles",
                            "SmvSqlCsvFile", "SmvModel", "SmvModelExec", "SmvHistoricalValidator",
                            "SmvHistoricalValidators"),
}
# SMV 2.x's older names, still exported by SMV 2.2.
_ALIASES = {"SmvPyCsvFile": "SmvCsvFile", "SmvPyModule": "SmvModule", "SmvPyOutput": "SmvOutput",
            "SmvPyModuleLink": "SmvModuleLink"}
# Submodules reachable as attributes without an import (SMV apps write smv.smvdataset.X).
_SUBMODULES = ("smvdataset", "dqm", "functions")
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted([*_MODULE_OF, *_ALIASES])


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"smv.{name}")
    module = _MODULE_OF.get(_ALIASES.get(name, name))
    if module is None:
        raise AttributeError(f"module 'smv' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), _ALIASES.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


# SMV's helpers on every pyspark DataFrame and Column, as in SMV 2.2 (without importing pyspark here).
from smv.helpers.install import install_on_import as _install_helpers_on_import  # noqa: E402

_install_helpers_on_import()


if TYPE_CHECKING:
    from smv.api.dataset import RunParams, SmvAppContext, SmvDataSet, SmvModule, SmvOutput, SmvRunConfig
    from smv.api.dqm import (DQMFix, DQMRule, FailAny, FailCount, FailNone, FailParserCountPolicy, FailPercent,
                             FailTotalFixCountPolicy, FailTotalFixPercentPolicy, FailTotalRuleCountPolicy,
                             FailTotalRulePercentPolicy, SmvDQM)
    from smv.api.inputs import SmvCsvFile, SmvCsvStringData, SmvInput
    from smv.api.links import SmvExtDataSet, SmvExtModuleLink, SmvModuleLink
    from smv.api.schema import CsvAttributes
    from smv.api.hive import SmvHiveTable
    from smv.api.unsupported import (SmvHistoricalValidator, SmvHistoricalValidators, SmvJdbcTable,
                                     SmvModel, SmvModelExec, SmvMultiCsvFiles, SmvSqlCsvFile,
                                     SmvUnsupportedError)
    from smv.sql.module import SmvSqlModule
    from smv.app.smv_app import SmvApp
    from smv.repository.python_repository import PythonDataSetRepository
    from smv.transport.client import RepositoryClient
    from smv.transport.server import RepositoryServer
    SmvPyCsvFile = SmvCsvFile
    SmvPyModule = SmvModule
    SmvPyOutput = SmvOutput
    SmvPyModuleLink = SmvModuleLink
