package smv.helpers.panel

import smv.helpers.ArgumentCheck.check

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions._

/** A consecutive run of periods of one kind, `start` to `end`, both included (SMV 2.2's `TimePanel`). */
final case class TimePanel(start: PartialTime, end: PartialTime) {
  check(start.timeType == end.timeType,
    s"TimePanel($start, $end): start and end must be the same kind of period, not ${start.timeType} and ${end.timeType}")
  check(start.timeIndex <= end.timeIndex, s"TimePanel($start, $end): the end comes before the start")

  val timeType: String = start.timeType

  /** Every period of the panel, in order. */
  def periods: Seq[PartialTime] = (start.timeIndex to end.timeIndex).map(start.withIndex)

  /** The `smvTime` of every period of the panel, in order. */
  def smvTimes: Seq[String] = periods.map(_.smvTime)

  /** `df` with a column `timeColName`'s period (`smvTimeCol`), keeping the rows inside the panel, plus
    * one row per key and period the data lacks, with the keys and period set and every other column null.
    *
    * Spark operators only: the periods (known from the panel) are exploded next to each distinct
    * key, and those already present are removed by an anti join.
    */
  def addToDF(df: DataFrame, timeColName: String, keys: Seq[String], smvTimeCol: String): DataFrame = {
    val inPanel = lit(smvTimes.toArray)
    val withTime = df.withColumn(smvTimeCol, start.timeStampToSmvTime(df(timeColName)))
      .where(array_contains(inPanel, col(smvTimeCol)))
    val keyCols = keys.map(col)
    val all = df.select(keyCols: _*).distinct().withColumn(smvTimeCol, explode(inPanel))
    val missing = all.join(withTime.select((keyCols :+ col(smvTimeCol)): _*), keys :+ smvTimeCol, "left_anti")
    val others = df.schema.fields.filterNot(f => keys.contains(f.name)).map(f => lit(null).cast(f.dataType).as(f.name))
    val filled = missing.select((keyCols ++ others :+ col(smvTimeCol)): _*)
    withTime.unionByName(filled)
  }

  override def toString: String = s"TimePanel($start, $end)"
}
