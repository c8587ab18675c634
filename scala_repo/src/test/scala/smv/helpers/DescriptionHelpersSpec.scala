package smv.helpers

import org.apache.spark.sql.AnalysisException
import org.scalatest.funsuite.AnyFunSuite

import smv._

/** Column descriptions in the column metadata (the same cases as tests/helpers/test_descriptions.py). */
class DescriptionHelpersSpec extends AnyFunSuite with SparkSuite {
  private lazy val df = spark.sql("select 'c1' as id, 1.5d as amount, 'x' as other")

  test("describe, read, remove, and describe from a DataFrame") {
    val described = df.smvDesc("id" -> "customer id", "amount" -> "amount in USD")
    assert(described.smvGetDesc("id") == "customer id")
    assert(described.smvGetDesc() == Seq("id" -> "customer id", "amount" -> "amount in USD", "other" -> ""))
    assert(described.schema("id").metadata.getString(DescriptionHelpers.Key) == "customer id")
    assert(described.select("id").smvGetDesc("id") == "customer id")
    assert(described.smvRemoveDesc("id").smvGetDesc() == Seq("id" -> "", "amount" -> "amount in USD", "other" -> ""))
    assert(described.smvRemoveDesc().smvGetDesc().map(_._2) == Seq("", "", ""))
    val descs = spark.sql("select 'other' as col, 'anything else' as desc")
    assert(described.smvDescFromDF(descs).smvGetDesc("other") == "anything else")
  }

  test("descriptions survive Parquet") {
    val dir = tempDir("desc").resolve("out.parquet").toString
    df.smvDesc("id" -> "customer id").write.parquet(dir)
    assert(spark.read.parquet(dir).smvGetDesc("id") == "customer id")
  }

  test("bad input: a missing column is Spark's error naming it; a wrong description frame is one sentence") {
    assert(intercept[AnalysisException](df.smvDesc("nope" -> "missing")).getMessage.contains("nope"))
    val wrong = intercept[IllegalArgumentException](df.smvDescFromDF(spark.sql("select 'id' as c, 1 as n")))
    assert(wrong.getMessage.startsWith("smvDescFromDF takes a DataFrame of two string columns"))
  }
}
