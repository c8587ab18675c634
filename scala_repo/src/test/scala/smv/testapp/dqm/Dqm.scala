package smv.testapp.dqm

import smv._

object Data extends SmvCsvStringData("a:Integer; b:Double", "1,0.3;0,0.2;3,0.5")

/** Issue 4's case: rule b < 0.4 (1 failure; FailTotalRuleCountPolicy(2) passes), fix a < 1 -> a = 1
  * (1 fix; FailTotalFixCountPolicy(`fixThreshold`) fails at 1, passes at 2). */
abstract class Issue4Case(description: String, fixThreshold: Long) extends SmvModule(description) with SmvOutput {
  override def requiresDS = Seq(Data)
  override def run(i: runParams) = i(Data)
  override def dqm() = SmvDQM()
    .add(DQMRule("b < 0.4", "b_lt_04"))
    .add(DQMFix("a < 1", "a = 1", "a_lt_1"))
    .add(FailTotalRuleCountPolicy(2))
    .add(FailTotalFixCountPolicy(fixThreshold))
}

object Strict extends Issue4Case("fails its fix policy", 1)

object Lenient extends Issue4Case("passes", 2)

object TaskFails extends SmvModule("a rule's own FailAny fails") {
  override def requiresDS = Seq(Data)
  override def run(i: runParams) = i(Data)
  override def dqm() = SmvDQM().add(DQMRule("b < 0.4", "b_lt_04", FailAny))
}

object Percent extends SmvModule("a third of the records fail a rule") {
  override def isEphemeral = true
  override def requiresDS = Seq(Data)
  override def run(i: runParams) = i(Data)
  override def dqm() = SmvDQM().add(DQMRule("b < 0.4", "b_lt_04")).add(FailTotalRulePercentPolicy(0.3))
}

/** "x" is not an Integer, "3" has one field too few: 2 parser errors. */
object BadData extends SmvCsvStringData("a:Integer; b:Double", "1,0.3;x,0.2;3")

object TolerantBadData extends SmvCsvStringData("a:Integer; b:Double", "1,0.3;x,0.2;3") {
  override def dqm() = SmvDQM().add(FailParserCountPolicy(3))
}

/** Persisted from an input that rejected records: its meta.json keeps their count and samples. */
object OnTolerant extends SmvModule("the parsed records of TolerantBadData") {
  override def requiresDS = Seq(TolerantBadData)
  override def run(i: runParams) = i(TolerantBadData)
}

/** Counts how often a row of Counted's result is computed (one pass: once per row). */
object Evaluations {
  @volatile var acc: org.apache.spark.util.LongAccumulator = _
}

object Counted extends SmvModule("counts its row evaluations") with SmvOutput {
  override def requiresDS = Seq(Data)
  override def run(i: runParams) = {
    val acc = Evaluations.acc
    val seen = org.apache.spark.sql.functions.udf((b: Double) => { acc.add(1); b }).asNondeterministic()
    i(Data).withColumn("b", seen(org.apache.spark.sql.functions.col("b")))
  }
  override def dqm() = SmvDQM().add(DQMRule("b < 0.4", "b_lt_04")).add(DQMFix("a < 1", "a = 1", "a_lt_1"))
}
