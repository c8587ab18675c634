package smv.testapp.s2

import org.apache.spark.sql.functions.col
import smv._
import smv.testapp.s1

object UsesLink extends SmvModule("uses stage 1's output through a link") with SmvOutput {
  override def requiresDS = Seq(SmvModuleLink(s1.Out))
  override def run(i: runParams) = i(SmvModuleLink(s1.Out)).withColumn("n", col("n") + 1)
}

object UsesExtLink extends SmvModule("same through SmvExtModuleLink") {
  override def requiresDS = Seq(SmvExtModuleLink("smv.testapp.s1.Out"))
  override def run(i: runParams) = i(SmvExtModuleLink("smv.testapp.s1.Out"))
}

object Direct extends SmvModule("uses stage 1's module directly (an error)") {
  override def requiresDS = Seq(s1.Out)
  override def run(i: runParams) = i(s1.Out)
}

object LinkToNotOutput extends SmvModule("links to a module that is not an SmvOutput") {
  override def requiresDS = Seq(SmvExtModuleLink("smv.testapp.s1.NotOut"))
  override def run(i: runParams) = i(SmvExtModuleLink("smv.testapp.s1.NotOut"))
}

object UsesNothingKnown extends SmvModule("depends on a dataset no repository owns") {
  override def requiresDS = Seq(SmvExtModule("smv.testapp.s2.py.Missing"))
  override def run(i: runParams) = i(SmvExtModule("smv.testapp.s2.py.Missing"))
}

object UsesS1Input extends SmvModule("inputs may be shared across stages") {
  override def isEphemeral = true
  override def requiresDS = Seq(s1.Nums)
  override def run(i: runParams) = i(s1.Nums)
}
