package smv.bridge

import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec
import org.apache.spark.sql.smvbridge.ConfOverrides
import org.scalatest.funsuite.AnyFunSuite

import smv.SparkSuite

/** ConfOverrides: the plan runs with the overrides, in the session's current conf, which it never changes. */
class ConfOverridesSpec extends AnyFunSuite with SparkSuite {
  private val aqeOff = Map("spark.sql.adaptive.enabled" -> "false")

  test("the overrides plan the DataFrame; its own session keeps its conf and its rows are the same") {
    val df = spark.range(100).selectExpr("id % 7 AS k").groupBy("k").count()
    assert(spark.conf.get("spark.sql.adaptive.enabled") == "true")
    val moved = ConfOverrides.on(df, aqeOff)
    assert(!moved.queryExecution.executedPlan.isInstanceOf[AdaptiveSparkPlanExec])
    assert(df.queryExecution.executedPlan.isInstanceOf[AdaptiveSparkPlanExec])
    assert(spark.conf.get("spark.sql.adaptive.enabled") == "true")
    assert(moved.collect().toSet == df.collect().toSet)
  }

  test("one clone per session while its conf is the same; a conf change is followed") {
    val df = spark.range(3).toDF("x")
    val first = ConfOverrides.on(df, aqeOff).sparkSession
    assert(ConfOverrides.on(df, aqeOff).sparkSession eq first)
    val key = "spark.sql.files.maxPartitionBytes"
    val before = spark.conf.getOption(key)
    spark.conf.set(key, "12345")
    try {
      val after = ConfOverrides.on(df, aqeOff).sparkSession
      assert(!(after eq first))
      assert(after.conf.get(key) == "12345" && after.conf.get("spark.sql.adaptive.enabled") == "false")
    } finally before.fold(spark.conf.unset(key))(spark.conf.set(key, _))
  }
}
