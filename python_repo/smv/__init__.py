"""SMV: Spark Modularized View (user API re-exported here).

Names load lazily (PEP 562), so `import smv` stays cheap and pulls in neither
pyspark nor grpc until a name that needs them is used.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "smv.dataset": ("SmvDataSet", "SmvModule", "SmvOutput", "RunParams", "SmvAppContext"),
    "smv.inputs": ("SmvCsvFile", "SmvCsvStringData", "SmvInput"),
    "smv.schema": ("CsvAttributes",),
    "smv.links": ("SmvModuleLink", "SmvExtDataSet", "SmvExtModuleLink"),
    "smv.dqm": ("SmvDQM", "DQMRule", "DQMFix", "FailNone", "FailAny", "FailCount", "FailPercent",
                "FailParserCountPolicy", "FailTotalRuleCountPolicy", "FailTotalFixCountPolicy",
                "FailTotalRulePercentPolicy", "FailTotalFixPercentPolicy"),
    "smv.repository": ("PythonDataSetRepository",),
    "smv.server": ("RepositoryServer",),
    "smv.client": ("RepositoryClient",),
    "smv.app": ("SmvApp",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'smv' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
    from smv.app import SmvApp
    from smv.client import RepositoryClient
    from smv.dataset import RunParams, SmvAppContext, SmvDataSet, SmvModule, SmvOutput
    from smv.dqm import (DQMFix, DQMRule, FailAny, FailCount, FailNone, FailParserCountPolicy, FailPercent,
                         FailTotalFixCountPolicy, FailTotalFixPercentPolicy, FailTotalRuleCountPolicy,
                         FailTotalRulePercentPolicy, SmvDQM)
    from smv.inputs import SmvCsvFile, SmvCsvStringData, SmvInput
    from smv.links import SmvExtDataSet, SmvExtModuleLink, SmvModuleLink
    from smv.repository import PythonDataSetRepository
    from smv.schema import CsvAttributes
    from smv.server import RepositoryServer
