package smv.testapp.s1

import org.apache.spark.sql.functions.col
import smv._

object Nums extends SmvCsvStringData("n:Integer", "1;2;3")

object Out extends SmvModule("stage 1 output") with SmvOutput {
  override def requiresDS = Seq(Nums)
  override def run(i: runParams) = i(Nums).withColumn("n", col("n") * 10)
}

object NotOut extends SmvModule("stage 1 module, not an output") {
  override def requiresDS = Seq(Nums)
  override def run(i: runParams) = i(Nums)
}

object SameStageLink extends SmvModule("links to an output of its own stage") {
  override def requiresDS = Seq(SmvModuleLink(Out))
  override def run(i: runParams) = i(SmvModuleLink(Out))
}
