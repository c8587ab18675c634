// SMV 2.x-style Scala (`import org.tresamigos.smv._`) for SmvCompatSpec: link objects,
// run configuration getters, DQM rules as Columns, and features that are not supported.
package smv.testapp.compat

import org.apache.spark.sql.functions.{col, lit}
import org.tresamigos.smv._

package a {
  object Nums extends SmvCsvStringData("n:Integer", "1;2;3")

  object Out extends SmvModule("stage a's output") with SmvOutput {
    override def requiresDS = Seq(Nums)
    override def run(i: runParams) = i(Nums).withColumn("n", col("n") * 10)
  }

  object Configured extends SmvModule("reads the run configuration") with SmvRunConfig {
    override def requiresDS = Seq(Nums)
    override def run(i: runParams) = i(Nums).filter(col("n") >= smvGetRunConfigAsInt("min"))
      .withColumn("label", lit(smvGetRunConfig("label")))
      .withColumn("flag", lit(smvGetRunConfigAsBool("flag")))
      .withColumn("unset", lit(smvGetRunConfigAsBool("unset")))
  }

  object Checked extends SmvModule("DQM in SMV 2.x's Scala form") {
    override def requiresDS = Seq(Nums)
    override def dqm() = SmvDQM()
      .add(DQMRule(col("n") < 3 && col("n").isNotNull, "small", FailCount(2)))
      .add(DQMFix(col("n") === 1, lit(0) as "n", "one_to_zero"))
    override def run(i: runParams) = i(Nums)
  }
}

package b {
  object OutLink extends SmvModuleLink(a.Out)
  object ExtOutLink extends SmvExtModuleLink("smv.testapp.compat.a.Out")

  object UsesLinkObjects extends SmvModule("reads a.Out through link objects of both kinds") {
    override def requiresDS = Seq(OutLink, ExtOutLink)
    override def run(i: runParams) = i(OutLink).union(i(ExtOutLink))
  }

  object UsesLinkValue extends SmvModule("reads a.Out through the value form") {
    override def requiresDS = Seq(SmvModuleLink(a.Out))
    override def run(i: runParams) = i(OutLink)
  }
}

package jdbc {
  @annotation.nowarn("cat=deprecation")
  object Table extends SmvJdbcTable("db.table")
}
