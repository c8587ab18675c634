package smv.helpers

import org.apache.spark.sql.Column
import org.apache.spark.sql.expressions.UserDefinedFunction
import org.apache.spark.sql.functions.udf
import smv.helpers.panel.PartialTime

/** Time-panel column helpers on an `smvTime` column (`M201801`, `Q201801`, `D20180101`, `W20180101`):
  * the period's `timeType`, `timeIndex`, `timeLabel` and first instant, read by the same
  * `PartialTime` definitions the panels use. A value that is no `smvTime` gives null.
  */
final class TimeColumnHelpers(val c: Column) {
  /** The period's kind: `quarter`, `month`, `day`, `week` or `week_start_on_<Day>`. */
  def smvTimeToType: Column = TimeColumnHelpers.toType(c)

  /** The period's index counted from the one holding 1970-01-01 (good for window ranges). */
  def smvTimeToIndex: Column = TimeColumnHelpers.toIndex(c)

  /** The period's readable label: `2018-Q1`, `2018-01`, `2018-01-01`, `Week of 2018-01-01`. */
  def smvTimeToLabel: Column = TimeColumnHelpers.toLabel(c)

  /** The period's first instant, midnight of its first day in the session's time zone. */
  def smvTimeToTimestamp: Column = TimeColumnHelpers.toStartDate(c).cast("timestamp")
}

private object TimeColumnHelpers {
  private def of[T](f: PartialTime => T): String => Option[T] = s => PartialTime.parse(s).map(f)

  val toType: UserDefinedFunction = udf(of(_.timeType)).withName("smvTimeToType")
  val toIndex: UserDefinedFunction = udf(of(_.timeIndex)).withName("smvTimeToIndex")
  val toLabel: UserDefinedFunction = udf(of(_.timeLabel)).withName("smvTimeToLabel")
  val toStartDate: UserDefinedFunction = udf(of(p => java.sql.Date.valueOf(p.startDate))).withName("smvTimeToStartDate")
}
