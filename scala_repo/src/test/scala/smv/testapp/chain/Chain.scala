package smv.testapp.chain

import org.apache.spark.sql.functions.{col, sum}
import smv._
import smv.testapp.Counters

// Raw -> A -> B -> C (output), and Raw -> Side (output): for reuse and change tests.

object Raw extends SmvCsvStringData("id:String; v:Integer", "a,1;b,2;c,3")

object A extends SmvModule("v doubled") {
  override def version: Option[String] = Counters.version("A")
  override def requiresDS = Seq(Raw)
  override def run(i: runParams) = { Counters.hit("A"); i(Raw).withColumn("v", col("v") * 2) }
}

object B extends SmvModule("v plus one") {
  override def version: Option[String] = Counters.version("B")
  override def requiresDS = Seq(A)
  override def run(i: runParams) = { Counters.hit("B"); i(A).withColumn("v", col("v") + 1) }
}

object C extends SmvModule("total") with SmvOutput {
  override def requiresDS = Seq(B)
  override def run(i: runParams) = { Counters.hit("C"); i(B).agg(sum("v").as("total")) }
}

object Side extends SmvModule("ids only") with SmvOutput {
  override def requiresDS = Seq(Raw)
  override def run(i: runParams) = { Counters.hit("Side"); i(Raw).select("id") }
}

object Eph extends SmvModule("ephemeral: A's rows over 2") {
  override def isEphemeral = true
  override def requiresDS = Seq(A)
  override def run(i: runParams) = { Counters.hit("Eph"); i(A).filter(col("v") > 2) }
}

object UsesConfig extends SmvModule("reads smv.config.factor") {
  override def isEphemeral = true
  override def requiresDS = Seq(Raw)
  override def run(i: runParams) =
    i(Raw).withColumn("v", col("v") * i.config("factor").getOrElse("1").toInt)
}
