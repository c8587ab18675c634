package smv.helpers

import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.{Files, Paths}
import java.util.concurrent.{CountDownLatch, TimeUnit}

import scala.collection.mutable

import org.apache.spark.scheduler.{SparkListener, SparkListenerJobStart}
import org.apache.spark.sql.{AnalysisException, DataFrame}
import org.scalatest.funsuite.AnyFunSuite

import smv._

/** SMV's EDD example (tests/fixtures/edd, shared with tests/helpers/test_edd.py): the report text
  * of every helper, the figures as a DataFrame, and one Spark job per call.
  */
class EddHelpersSpec extends AnyFunSuite with SparkSuite {
  private val fixtures = Paths.get("tests", "fixtures", "edd")
  private def expected(name: String) = new String(Files.readAllBytes(fixtures.resolve(s"$name.txt")), UTF_8).stripSuffix("\n")

  private lazy val df: DataFrame = spark.read
    .schema("k STRING, t INT, p STRING, v DOUBLE, d TIMESTAMP, b BOOLEAN")
    .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
    .csv(fixtures.resolve("input.csv").toString)

  test("every EDD helper prints SMV's report for the example of SMV's docs") {
    val reports = Seq(
      "smvEdd" -> df.eddSummary(),
      "smvHist" -> df.eddHist("k", "t"),
      "smvFreqHist" -> df.eddFreqHist("k"),
      "smvBinHist" -> df.eddBinHist("v" -> 1.0),
      "smvConcatHist" -> df.eddConcatHist(Seq("k", "t")),
      "smvCountHist" -> df.eddCountHist(Seq("k"), 1))
    reports.foreach { case (name, result) => assert(result.report == expected(name), name) }
  }

  test("the figures come as a DataFrame: statistics by value, histograms by key and count") {
    val stats = df.smvEddDF("t").collect().map(r => r.getString(2) -> r.getString(4)).toMap
    assert(stats == Map("cnt" -> "4", "nct" -> "0", "avg" -> "2.25", "std" -> "1.8929694486000912",
      "min" -> "1.0", "max" -> "5.0"))
    val hist = df.smvFreqHistDF("k").collect().map(r => (r.getString(5), r.getLong(6))).toSeq
    assert(hist == Seq("z" -> 3L, "a" -> 1L))
    assert(df.smvHistDF("k").columns.toSeq == Seq("colName", "taskType", "taskName", "taskDesc", "value", "key", "count"))
  }

  test("smvEddCompare matches equal data (also under other column names) and names what differs") {
    assert(df.eddCompare(df, ignoreColName = false) == "Matched")
    assert(df.eddCompare(df.toDF("k2", "t2", "p2", "v2", "d2", "b2"), ignoreColName = true) == "Matched")
    val changed = df.withColumn("t", df("t") * 2)
    assert(df.eddCompare(changed, ignoreColName = false).linesIterator.toSeq ==
      Seq("Not Match", "not equal: t, stat, avg, Average", "not equal: t, stat, std, Standard Deviation",
        "not equal: t, stat, min, Min", "not equal: t, stat, max, Max"))
  }

  test("smvEddSave writes the report through Hadoop") {
    val out = tempDir("edd").resolve("report.txt")
    df.smvEddSave("k")(out.toUri.toString)
    assert(new String(Files.readAllBytes(out), UTF_8) == df.eddSummary("k").report + "\n")
  }

  test("all the statistics and histograms of one call come from one Spark job") {
    val jobs = mutable.Map[String, Int]().withDefaultValue(0)
    val marker = new CountDownLatch(1)
    val listener = new SparkListener {
      override def onJobStart(e: SparkListenerJobStart): Unit = jobs.synchronized {
        val group = Option(e.properties).map(_.getProperty("spark.jobGroup.id")).orNull
        if (group != null) jobs(group) += 1
        if (group == "edd-marker") marker.countDown()
      }
    }
    val sc = spark.sparkContext
    sc.addSparkListener(listener)
    try {
      sc.setJobGroup("edd-summary", "smvEdd")
      df.eddSummary()
      sc.setJobGroup("edd-hist", "smvHist")
      df.eddHist("k", "t", "b")
      sc.setJobGroup("edd-marker", "marker: every earlier job start has been delivered once this one is")
      sc.parallelize(Seq(1), 1).count()
      assert(marker.await(60, TimeUnit.SECONDS), "the marker job's start never reached the listener")
      jobs.synchronized {
        assert(jobs("edd-summary") == 1)
        assert(jobs("edd-hist") == 1)
      }
    } finally {
      sc.clearJobGroup()
      sc.removeSparkListener(listener)
    }
  }

  test("date and time figures follow the session's time zone of the call, which EDD leaves as it was") {
    val epoch = spark.range(1).selectExpr("timestamp_seconds(id) AS d")
    def startAndHour(zone: String): (Any, Seq[Any]) = {
      spark.conf.set("spark.sql.session.timeZone", zone)
      val figures = epoch.eddSummary("d").figures.map(f => f.taskName -> f).toMap
      (figures("tmi").value, figures("hou").histogram.map(_._1))
    }
    val zone = spark.conf.get("spark.sql.session.timeZone")
    try {
      assert(startAndHour("UTC") == ("1970-01-01 00:00:00", Seq("00")))
      assert(startAndHour("America/Los_Angeles") == ("1969-12-31 16:00:00", Seq("16")))
      assert(spark.conf.get("spark.sql.adaptive.enabled") == "true")
    } finally spark.conf.set("spark.sql.session.timeZone", zone)
  }

  test("bad input: a missing column is Spark's error naming it; an unsupported type names the helper") {
    val missing = intercept[AnalysisException](df.smvEdd("nope"))
    assert(missing.getMessage.contains("nope"))
    val arrays = spark.sql("select array(1) as xs")
    val wrongType = intercept[IllegalArgumentException](arrays.smvHist("xs"))
    assert(wrongType.getMessage.contains("smvHist") && wrongType.getMessage.contains("xs"))
  }
}
