"""SMV 2.x's module path for the dataset classes: `smv.smvdataset.SmvExtDataSet("a.b.M")`.

Re-exports only: each name is defined once, in smv.api.dataset, smv.api.inputs, smv.api.links,
smv.api.hive, smv.sql.module or (for SMV features this SMV does not provide) smv.api.unsupported.
"""
from smv.api.dataset import SmvDataSet, SmvModule, SmvOutput, SmvRunConfig
from smv.api.inputs import SmvCsvFile, SmvCsvStringData, SmvInput
from smv.api.links import SmvExtDataSet, SmvExtModuleLink, SmvModuleLink
from smv.api.hive import SmvHiveTable
from smv.api.unsupported import SmvJdbcTable, SmvModel, SmvModelExec, SmvMultiCsvFiles, SmvSqlCsvFile
from smv.sql.module import SmvSqlModule

__all__ = ["SmvDataSet", "SmvModule", "SmvOutput", "SmvRunConfig", "SmvInput", "SmvCsvFile", "SmvCsvStringData",
           "SmvModuleLink", "SmvExtModuleLink", "SmvHiveTable", "SmvJdbcTable", "SmvMultiCsvFiles", "SmvSqlModule",
           "SmvSqlCsvFile", "SmvModel", "SmvModelExec"]
