package smv

import org.apache.spark.sql.SparkSession
import smv.hive.HiveTables
import smv.repository.RunResult

/** A table of the session's Hive metastore as an input; its hash covers the table's location
  * and its files' newest modification time (smv.hive.HiveTables, shared with Python).
  * {{{
  * object Accounts extends SmvHiveTable("crm.accounts")
  * }}}
  */
class SmvHiveTable(val tableName: String) extends SmvInputDataSet {
  def description: String = s"Hive table $tableName"

  private[smv] override def hashInputs(env: DataSetEnv): String = HiveTables.state(SparkSession.active, tableName)

  private[smv] def compute(i: runParams, env: DataSetEnv): RunResult =
    RunResult(HiveTables.read(i.spark, tableName, urn))
}
