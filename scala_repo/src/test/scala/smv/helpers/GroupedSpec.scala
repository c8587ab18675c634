package smv.helpers

import org.apache.spark.sql.AnalysisException
import org.apache.spark.sql.functions.{col, count, lit, sum}
import org.json4s._
import org.scalatest.funsuite.AnyFunSuite
import smv.SparkSuite

/** df.smvGroupBy(...) from Scala: the shared cases of grouped.json (test_grouped.py runs them too),
  * SMV 2.2's import path, key forms and bad input.
  */
class GroupedSpec extends AnyFunSuite with SparkSuite {
  import GroupedCases._

  private val cases = (load("grouped.json") \ "cases").extract[List[JValue]]

  cases.foreach { c =>
    test(s"shared case: ${(c \ "name").extract[String]}") {
      val df = inputDF(spark, c \ "input")
      val (columns, rows) = rendered(runCase(df, (c \ "keys").extract[List[String]], (c \ "call").extract[String], c \ "args"))
      assert(columns == (c \ "expected" \ "columns").extract[List[String]])
      assert(rows == sortRows(expectedRows(c \ "expected" \ "rows")))
    }
  }

  private def sales = inputDF(spark, cases.head \ "input")

  test("SMV 2.2's import: org.tresamigos.smv._ and its panel package give the same helpers") {
    import org.tresamigos.smv._
    import org.tresamigos.smv.panel.{Month => M}
    val res = sales.withColumn("ts", lit("2014-05-02").cast("date"))
      .smvGroupBy(col("id")).smvTimePanelAgg("ts", M(2014, 5), M(2014, 6))(sum("count").as("n"))
    assert(rendered(res)._2 == Seq(Seq("1", "M201405", "600"), Seq("1", "M201406", null)))
  }

  test("an expression key is added under its name; keys and toDF are the grouped rows'") {
    import smv._
    val grouped = sales.smvGroupBy((col("count") >= 200).as("big"))
    assert(grouped.keys == Seq("big") && grouped.toDF.columns.last == "big")
    assert(rendered(grouped.agg(count(lit(1)).as("n")))._2 == Seq(Seq("false", "1"), Seq("true", "2")))
  }

  test("smvRePartition puts each key in one partition") {
    import smv._
    val parts = sales.smvGroupBy("month").smvRePartition(5).toDF.rdd.glom().collect().map(_.map(_.getAs[String]("month")).toSet)
    assert(parts.length == 5 && parts.toSeq.flatten.sorted == Seq("5/14", "6/14"))
  }

  test("a missing column is Spark's error naming it; bad values are one sentence") {
    import smv._
    assert(intercept[AnalysisException](sales.smvGroupBy("nosuch")).getMessage.contains("nosuch"))
    assert(intercept[AnalysisException](sales.smvGroupBy("id").smvPercentRank(Seq("nosuch"))).getMessage.contains("nosuch"))
    assert(intercept[IllegalArgumentException](sales.smvGroupBy("id").smvQuantile(Seq("count"), 1)).getMessage ==
      "smvQuantile(valueCols, numBins, ignoreNull) needs numBins of 2 or more, not 1")
    assert(intercept[IllegalArgumentException](sales.smvGroupBy("id").smvTopNRecs(2)).getMessage ==
      "smvTopNRecs(maxElems, orders*) needs at least one order column, e.g. col(\"amt\").desc")
  }
}
