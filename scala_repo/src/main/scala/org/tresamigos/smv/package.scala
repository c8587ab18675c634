package org.tresamigos

/** SMV 2.x's package name: `import org.tresamigos.smv._` gives what `import smv._` gives
  * (modules, outputs, inputs, links, ext datasets, DQM, `runParams`, run configuration),
  * so SMV 2.x Scala modules compile unchanged. Re-exports only: every definition is in
  * package `smv`. Also in scope, as in SMV: its data helpers (`smv.helpers`).
  */
package object smv {
  import scala.language.implicitConversions

  type SmvDataSet = _root_.smv.SmvDataSet
  type SmvModule = _root_.smv.SmvModule
  type SmvOutput = _root_.smv.SmvOutput
  type SmvRunConfig = _root_.smv.SmvRunConfig
  type runParams = _root_.smv.runParams

  type SmvInputDataSet = _root_.smv.SmvInputDataSet
  type SmvCsvFile = _root_.smv.SmvCsvFile
  val SmvCsvFile: _root_.smv.SmvCsvFile.type = _root_.smv.SmvCsvFile
  type SmvCsvStringData = _root_.smv.SmvCsvStringData

  type SmvModuleLink = _root_.smv.SmvModuleLink
  val SmvModuleLink: _root_.smv.SmvModuleLink.type = _root_.smv.SmvModuleLink
  type SmvExtModule = _root_.smv.SmvExtModule
  val SmvExtModule: _root_.smv.SmvExtModule.type = _root_.smv.SmvExtModule
  type SmvExtModuleLink = _root_.smv.SmvExtModuleLink
  val SmvExtModuleLink: _root_.smv.SmvExtModuleLink.type = _root_.smv.SmvExtModuleLink

  type SmvDQM = _root_.smv.SmvDQM
  val SmvDQM: _root_.smv.SmvDQM.type = _root_.smv.SmvDQM
  type DQMRule = _root_.smv.DQMRule
  val DQMRule: _root_.smv.DQMRule.type = _root_.smv.DQMRule
  type DQMFix = _root_.smv.DQMFix
  val DQMFix: _root_.smv.DQMFix.type = _root_.smv.DQMFix
  type DQMTaskPolicy = _root_.smv.DQMTaskPolicy
  val FailNone: _root_.smv.FailNone.type = _root_.smv.FailNone
  val FailAny: _root_.smv.FailAny.type = _root_.smv.FailAny
  type FailCount = _root_.smv.FailCount
  val FailCount: _root_.smv.FailCount.type = _root_.smv.FailCount
  type FailPercent = _root_.smv.FailPercent
  val FailPercent: _root_.smv.FailPercent.type = _root_.smv.FailPercent
  type DQMPolicy = _root_.smv.DQMPolicy
  type FailParserCountPolicy = _root_.smv.FailParserCountPolicy
  val FailParserCountPolicy: _root_.smv.FailParserCountPolicy.type = _root_.smv.FailParserCountPolicy
  type FailTotalRuleCountPolicy = _root_.smv.FailTotalRuleCountPolicy
  val FailTotalRuleCountPolicy: _root_.smv.FailTotalRuleCountPolicy.type = _root_.smv.FailTotalRuleCountPolicy
  type FailTotalFixCountPolicy = _root_.smv.FailTotalFixCountPolicy
  val FailTotalFixCountPolicy: _root_.smv.FailTotalFixCountPolicy.type = _root_.smv.FailTotalFixCountPolicy
  type FailTotalRulePercentPolicy = _root_.smv.FailTotalRulePercentPolicy
  val FailTotalRulePercentPolicy: _root_.smv.FailTotalRulePercentPolicy.type = _root_.smv.FailTotalRulePercentPolicy
  type FailTotalFixPercentPolicy = _root_.smv.FailTotalFixPercentPolicy
  val FailTotalFixPercentPolicy: _root_.smv.FailTotalFixPercentPolicy.type = _root_.smv.FailTotalFixPercentPolicy

  type SmvException = _root_.smv.SmvException
  type SmvUnsupportedException = _root_.smv.SmvUnsupportedException

  type SmvHiveTable = _root_.smv.SmvHiveTable

  // SMV 2.x features this SMV does not provide: they fail naming themselves.
  @deprecated("not supported", "SMV 2.2.0.0") type SmvJdbcTable = _root_.smv.SmvJdbcTable
  @deprecated("not supported", "SMV 2.2.0.0") type SmvMultiCsvFiles = _root_.smv.SmvMultiCsvFiles

  // SMV's functions (`import org.tresamigos.smv.smvfuncs._`) and the multi-join builder.
  val smvfuncs: _root_.smv.helpers.smvfuncs.type = _root_.smv.helpers.smvfuncs
  type SmvMultiJoin = _root_.smv.helpers.SmvMultiJoin

  // SMV's data helpers, on any DataFrame, Column and grouped data in scope of the import.
  implicit def smvDataFrameHelpers(df: org.apache.spark.sql.DataFrame): _root_.smv.helpers.DataFrameHelpers =
    new _root_.smv.helpers.DataFrameHelpers(df)
  implicit def smvColumnHelpers(c: org.apache.spark.sql.Column): _root_.smv.helpers.ColumnHelpers =
    new _root_.smv.helpers.ColumnHelpers(c)
  implicit def smvGroupByHelpers(df: org.apache.spark.sql.DataFrame): _root_.smv.helpers.GroupByHelpers =
    new _root_.smv.helpers.GroupByHelpers(df)
  implicit def smvEddHelpers(df: org.apache.spark.sql.DataFrame): _root_.smv.helpers.EddHelpers =
    new _root_.smv.helpers.EddHelpers(df)
  implicit def smvDescriptionHelpers(df: org.apache.spark.sql.DataFrame): _root_.smv.helpers.DescriptionHelpers =
    new _root_.smv.helpers.DescriptionHelpers(df)
  implicit def smvTimeColumnHelpers(c: org.apache.spark.sql.Column): _root_.smv.helpers.TimeColumnHelpers =
    new _root_.smv.helpers.TimeColumnHelpers(c)
}
