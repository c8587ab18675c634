package smv.helpers

import org.apache.spark.sql.functions.col
import org.json4s._
import org.scalatest.funsuite.AnyFunSuite
import smv.SparkSuite
import smv.helpers.panel.TimePanel

/** smv.panel and the smvTime column helpers from Scala: the shared cases of panels.json
  * (test_panel.py runs them too).
  */
class PanelSpec extends AnyFunSuite with SparkSuite {
  import GroupedCases._

  private val panels = load("panels.json")

  test("each period's smvTime, timeIndex, timeLabel and timeType") {
    (panels \ "periods").extract[List[JValue]].foreach { c =>
      val p = period(c \ "period")
      assert((p.smvTime, p.timeIndex, p.timeLabel, p.timeType) ==
        ((c \ "smvTime").extract[String], (c \ "timeIndex").extract[Int], (c \ "timeLabel").extract[String], (c \ "timeType").extract[String]))
    }
  }

  test("a panel's periods") {
    (panels \ "panels").extract[List[JValue]].foreach { c =>
      assert(TimePanel(period(c \ "start"), period(c \ "end")).smvTimes == (c \ "smvTimes").extract[List[String]])
    }
  }

  test("a bad period or panel is one sentence naming it") {
    (panels \ "bad_periods").extract[List[JValue]].foreach { c =>
      assert(intercept[IllegalArgumentException](period(c \ "period")).getMessage == (c \ "error").extract[String])
    }
    (panels \ "bad_panels").extract[List[JValue]].foreach { c =>
      val (start, end) = (period(c \ "start"), period(c \ "end"))
      assert(intercept[IllegalArgumentException](TimePanel(start, end)).getMessage == (c \ "error").extract[String])
    }
  }

  test("smvTimeToType, smvTimeToIndex, smvTimeToLabel, smvTimeToTimestamp") {
    import smv._
    val sparkSession = spark
    import sparkSession.implicits._
    val cases = expectedRows(panels \ "time_columns" \ "rows")
    val t = col("t")
    val res = cases.map(_.head).toDF("t")
      .select(t, t.smvTimeToType, t.smvTimeToIndex, t.smvTimeToLabel, t.smvTimeToTimestamp)
    assert(res.schema.fields.map(_.dataType.simpleString).toSeq == Seq("string", "string", "int", "string", "timestamp"))
    assert(rendered(res)._2 == sortRows(cases))
  }
}
