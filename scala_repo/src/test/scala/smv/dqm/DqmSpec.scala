package smv
package dqm

import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.json4s._
import org.json4s.jackson.JsonMethods.parse
import org.scalatest.funsuite.AnyFunSuite
import smv.repository.v1.{DataSetPolicy, DqmPolicy, DqmRule, TaskPolicy}
import smv.repository.RunContext
import smv.driver.RunEvent

class DqmSpec extends AnyFunSuite with AppFixture {
  private val dqm = "smv.testapp.dqm"
  private def d(n: String) = mod(s"$dqm.$n")
  implicit val formats: Formats = DefaultFormats

  private def persistedFiles(dir: String): Seq[String] = {
    val s = Files.walk(Path.of(dir))
    try s.iterator().asScala.filter(Files.isRegularFile(_)).map(_.toString).toSeq finally s.close()
  }

  private def policies(report: JValue): Map[String, Boolean] =
    (report \ "policies").extract[List[Map[String, Any]]].map(p => p("name").toString -> p("passed").asInstanceOf[Boolean]).toMap

  test("issue 4: rule b < 0.4, fix a < 1 -> a = 1, FailTotalRuleCountPolicy(2) passes, FailTotalFixCountPolicy(1) fails") {
    withApp(Seq(dqm)) { app =>
      val e = intercept[SmvDqmValidationError](app.runModule(d("Strict")))
      val report = parse(e.reportJson)
      assert(report \ "passed" == JBool(false))
      val verdicts = policies(report)
      assert(verdicts("FailTotalRuleCountPolicy(2)") && !verdicts("FailTotalFixCountPolicy(1)"))
      assert((report \ "errorMessages").extract[List[String]].map(_.takeWhile(_ != ':')) == List("FailTotalFixCountPolicy(1)"))
      assert((report \ "checkLog").extract[List[String]].nonEmpty)
      assert((report \ "counts" \ "totalRuleFailures").extract[Long] == 1 && (report \ "counts" \ "totalFixes").extract[Long] == 1)
      assert(persistedFiles(app.outputDir).isEmpty, "a failed DQM leaves nothing in the output directory")
    }
  }

  test("issue 4: with FailTotalFixCountPolicy(2) it succeeds and persists exactly (1, 0.3) and (1, 0.2)") {
    withApp(Seq(dqm)) { app =>
      app.runModule(d("Lenient"))
      val g = app.dependencyGraph(Seq(d("Lenient")))
      val path = app.persistence.dataPath(s"$dqm.Lenient", g(d("Lenient")).hashOfHashes).toString
      val rows = spark.read.parquet(path).collect().map(r => (r.getInt(0), r.getDouble(1))).toSet
      assert(rows == Set((1, 0.3), (1, 0.2)))
      val info = app.persistence.readInfo(s"$dqm.Lenient", g(d("Lenient")).hashOfHashes).get
      assert(info.rows == 2 && policies(info.dqm.get) == Map("FailTotalRuleCountPolicy(2)" -> true,
        "FailTotalFixCountPolicy(2)" -> true, "fix 'a_lt_1' FailNone" -> true, "rule 'b_lt_04' FailNone" -> true))
    }
  }

  test("task policies: a rule's FailAny fails on its first failure") {
    withApp(Seq(dqm)) { app =>
      val e = intercept[SmvDqmValidationError](app.runModule(d("TaskFails")))
      assert(policies(parse(e.reportJson)) == Map("rule 'b_lt_04' FailAny" -> false))
    }
  }

  test("percent policies: 1 rule failure in 3 records fails FailTotalRulePercentPolicy(0.3)") {
    withApp(Seq(dqm)) { app =>
      val e = intercept[SmvDqmValidationError](app.runModule(d("Percent")))
      assert(policies(parse(e.reportJson))("FailTotalRulePercentPolicy(0.3)") == false)
    }
  }

  test("parser errors count toward FailParserCountPolicy (inputs fail on the first by default)") {
    withApp(Seq(dqm)) { app =>
      val e = intercept[SmvDqmValidationError](app.runModule(d("BadData")))
      val report = parse(e.reportJson)
      assert((report \ "counts" \ "parserErrors").extract[Long] == 2)
      assert(policies(report) == Map("FailParserCountPolicy(1)" -> false))
      assert(app.runModule(d("TolerantBadData")).collect().map(r => (r.getInt(0), r.getDouble(1))).toSeq == Seq((1, 0.3)))
      // the rejected records are said on the input's ended event (its line and the run log's JSON)
      val ended = (parse(app.lastRunReportJson()) \ "datasets").children.filter(e => (e \ "urn").extract[String] == d("TolerantBadData"))
      assert(ended.map(e => (e \ "rejected").extract[Long]) == List(2L))
      val samples = (ended.head \ "rejectedSamples").extract[List[String]]
      assert(samples.size == 2 && samples.contains("x,0.2"), samples)
      assert(RunEvent("r", "end", d("TolerantBadData"), "scala", "s", "run", Some(1L), 0.1, None, None, rejected = Some(2L),
        rejectedSamples = samples).line.endsWith(", 2 records rejected (failed to parse)"))
      // and kept with what is persisted from it (the meta.json beside the output)
      app.runModule(d("OnTolerant"))
      val info = app.persistence.readInfo(s"$dqm.OnTolerant", app.dependencyGraph(Seq(d("OnTolerant")))(d("OnTolerant")).hashOfHashes).get
      assert(info.rejected.keySet == Set(d("TolerantBadData")) && info.rejected(d("TolerantBadData")).count == 2)
      assert(info.rejected(d("TolerantBadData")).samples.contains("x,0.2"))
    }
  }

  test("the validator counts in one pass and keeps the schema; fix values take the column's type") {
    val df = spark.createDataFrame(Seq((1, 0.3), (0, 0.2), (3, 0.5), (0, 0.9))).toDF("a", "b")
    val policy = DqmPolicy(
      rules = Seq(DqmRule("r", "b < 0.8", Some(DQMTaskPolicyProto.count(2)))),
      fixes = Seq(DQMFix("a < 1", "2.7 as a").toProto),
      policies = Seq(DataSetPolicy().withFailTotalFixPercent(0.6)))
    val ctx = RunContext("dqm-unit", spark)
    val out = DqmValidator.validate("urn:smv:mod:x.Y", df, policy, 0, ctx)
    assert(out.report.passed && out.report.records == 4 && out.rowsAfter.contains(3L))
    assert(out.report.fixCounts == Seq(("a < 1 -> a = 2.7", 2L)) && out.report.ruleFailures == Seq(("r", 1L)))
    assert(out.df.schema.map(f => (f.name, f.dataType)) == df.schema.map(f => (f.name, f.dataType)))
    assert(out.df.collect().map(r => (r.getInt(0), r.getDouble(1))).toSet == Set((1, 0.3), (2, 0.2), (3, 0.5)))
    ctx.release()
  }

  test("counts observed by the job that writes the result equal the counts of a separate pass") {
    val df = spark.createDataFrame(Seq((1, 0.3), (0, 0.2), (3, 0.5), (0, 0.9), (5, 0.95))).toDF("a", "b")
    val policy = DqmPolicy(
      rules = Seq(DqmRule("r", "b < 0.8", Some(DQMTaskPolicyProto.count(3))), DQMRule("a < 5", "small").toProto),
      fixes = Seq(DQMFix("a < 1", "2.7 as a").toProto),
      policies = Seq(DataSetPolicy().withFailTotalRuleCount(3)))
    val ctx = RunContext("dqm-observed", spark)
    val counted = DqmValidator.validate("urn:smv:mod:x.Y", df, policy, 1, ctx)
    val (checked, outcome) = DqmValidator.observed("urn:smv:mod:x.Y", df, policy, 1)
    val out = tempDir("observed").resolve("r.parquet").toString
    checked.write.parquet(out)
    val observed = outcome()
    assert(observed.report == counted.report && observed.rowsAfter == counted.rowsAfter)
    assert(observed.report.records == 5 && observed.rowsAfter.contains(3L) && !observed.report.passed)
    assert(spark.read.parquet(out).collect().toSet == counted.df.collect().toSet)
    ctx.release()
  }

  test("DQM counting and persisting compute the module's rows once (one pass, cached)") {
    withApp(Seq(dqm)) { app =>
      testapp.dqm.Evaluations.acc = spark.sparkContext.longAccumulator("evaluations")
      val df = app.runModule(d("Counted"))
      assert(df.count() == 2)
      assert(testapp.dqm.Evaluations.acc.value == 3L)
    }
  }

  test("a rule or fix that is not valid Spark SQL for the result is named") {
    val df = spark.range(3).toDF("a")
    val ctx = RunContext("dqm-bad", spark)
    val rule = intercept[SmvException](DqmValidator.validate("urn:smv:mod:x.Y", df,
      DqmPolicy(rules = Seq(DQMRule("nope > 1", "r1").toProto)), 0, ctx))
    assert(rule.getMessage.contains("urn:smv:mod:x.Y: DQM rule 'r1' (nope > 1)"))
    val fix = intercept[SmvException](DqmValidator.validate("urn:smv:mod:x.Y", df,
      DqmPolicy(fixes = Seq(DQMFix("a > 1", "b = 1", "f1").toProto)), 0, ctx))
    assert(fix.getMessage.contains("fix 'f1' sets column 'b'"))
    ctx.release()
  }

  test("DQM classes convert to the proto policy") {
    val p = SmvDQM().add(DQMRule("b < 0.4", "r", FailCount(2))).add(DQMFix("a < 1", "a = 1", "f", FailPercent(0.5)))
      .add(FailTotalRuleCountPolicy(2)).add(FailTotalFixPercentPolicy(0.1)).toProto
    assert(p.rules.head == DqmRule("r", "b < 0.4", Some(TaskPolicy().withFailCount(TaskPolicy.FailCount(2)))))
    assert(p.fixes.head.column == "a" && p.fixes.head.value == "1" && p.fixes.head.condition == "a < 1")
    assert(p.policies == Seq(DataSetPolicy().withFailTotalRuleCount(2), DataSetPolicy().withFailTotalFixPercent(0.1)))
    assert(DQMFix("x > 1", "`my col` = x * 2").column == "my col")
    intercept[IllegalArgumentException](DQMFix("a < 1", "a == 1"))
    intercept[IllegalArgumentException](SmvDQM().add(DQMRule("a > 1", "n")).add(DQMRule("b > 1", "n")).toProto)
  }
}

object DQMTaskPolicyProto {
  def count(n: Long): TaskPolicy = FailCount(n).toProto
}
