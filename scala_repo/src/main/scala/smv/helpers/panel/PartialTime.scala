package smv.helpers.panel

import smv.helpers.ArgumentCheck.check

import java.time.{DayOfWeek, LocalDate}
import java.time.format.TextStyle
import java.util.Locale

import scala.util.Try

import org.apache.spark.sql.Column
import org.apache.spark.sql.{functions => F}

/** A period of business time (SMV 2.2's `smv.panel`): a quarter, a month, a day or a week.
  *
  * Every period is one integer, `timeIndex`, counted from the period that holds 1970-01-01
  * (index 0), so consecutive periods differ by one; `smvTime` is the string form a DataFrame
  * carries in its `smvTime` column (`Q201201`, `M201201`, `D20120102`, `W20120102`,
  * `W(7)20120101`), `timeLabel` the readable one and `timeType` the kind.
  */
sealed abstract class PartialTime extends Ordered[PartialTime] with Serializable {
  def timeType: String
  def timeIndex: Int
  def timeLabel: String
  def smvTime: String
  /** The first day of the period. */
  def startDate: LocalDate
  /** The `smvTime` of the period that holds each value of a date or timestamp column. */
  def timeStampToSmvTime(ts: Column): Column
  /** The period of the same kind whose timeIndex is `index`. */
  def withIndex(index: Int): PartialTime

  def compare(that: PartialTime): Int = {
    check(timeType == that.timeType, s"cannot compare $this with $that: they are different kinds of period ($timeType, ${that.timeType})")
    Integer.compare(timeIndex, that.timeIndex)
  }
}

/** A calendar quarter, `Quarter(2012, 1)`: smvTime `Q201201`, timeIndex 168, timeLabel `2012-Q1`. */
final case class Quarter(year: Int, quarter: Int) extends PartialTime {
  check(quarter >= 1 && quarter <= 4, s"Quarter($year, $quarter): the quarter must be 1 to 4")
  val timeType = "quarter"
  val timeIndex: Int = (year - 1970) * 4 + quarter - 1
  val timeLabel: String = f"$year%04d-Q$quarter%d"
  val smvTime: String = f"Q$year%04d$quarter%02d"
  def startDate: LocalDate = LocalDate.of(year, (quarter - 1) * 3 + 1, 1)
  def timeStampToSmvTime(ts: Column): Column = F.format_string("Q%04d%02d", F.year(ts), F.quarter(ts))
  def withIndex(index: Int): Quarter = Quarter(Math.floorDiv(index, 4) + 1970, Math.floorMod(index, 4) + 1)
}

/** A calendar month, `Month(2012, 1)`: smvTime `M201201`, timeIndex 504, timeLabel `2012-01`. */
final case class Month(year: Int, month: Int) extends PartialTime {
  check(month >= 1 && month <= 12, s"Month($year, $month): the month must be 1 to 12")
  val timeType = "month"
  val timeIndex: Int = (year - 1970) * 12 + month - 1
  val timeLabel: String = f"$year%04d-$month%02d"
  val smvTime: String = f"M$year%04d$month%02d"
  def startDate: LocalDate = LocalDate.of(year, month, 1)
  def timeStampToSmvTime(ts: Column): Column = F.format_string("M%04d%02d", F.year(ts), F.month(ts))
  def withIndex(index: Int): Month = Month(Math.floorDiv(index, 12) + 1970, Math.floorMod(index, 12) + 1)
}

/** A day, `Day(2012, 1, 2)`: smvTime `D20120102`, timeIndex 15341 (days since 1970-01-01), timeLabel `2012-01-02`. */
final case class Day(year: Int, month: Int, day: Int) extends PartialTime {
  val startDate: LocalDate = PartialTime.date(s"Day($year, $month, $day)", year, month, day)
  val timeType = "day"
  val timeIndex: Int = startDate.toEpochDay.toInt
  val timeLabel: String = startDate.toString
  val smvTime: String = "D" + PartialTime.digits(startDate)
  def timeStampToSmvTime(ts: Column): Column = F.concat(F.lit("D"), F.date_format(F.to_date(ts), "yyyyMMdd"))
  def withIndex(index: Int): Day = Day.of(LocalDate.ofEpochDay(index.toLong))
}

object Day {
  def of(d: LocalDate): Day = Day(d.getYear, d.getMonthValue, d.getDayOfMonth)
}

/** The week that holds a day, starting on `startOn` (a day name, Monday by default).
  *
  * `Week(2012, 3, 4)`: smvTime `W20120227` (its Monday), timeType `week`, timeIndex 2200,
  * timeLabel `Week of 2012-02-27`. Another start day is written in the smvTime by its ISO
  * number (Monday 1 .. Sunday 7): `Week(2012, 3, 4, "Sunday")` is `W(7)20120304`, timeType
  * `week_start_on_Sunday`.
  */
final case class Week(year: Int, month: Int, day: Int, startOn: String = "Monday") extends PartialTime {
  private val startDay: DayOfWeek = PartialTime.dayOfWeek(startOn).getOrElse(throw new IllegalArgumentException(
    s"Week($year, $month, $day, $startOn): the week's start day must be one of ${PartialTime.dayNames.mkString(", ")}"))
  private val isoStart: Int = startDay.getValue
  val startDate: LocalDate = {
    val d = PartialTime.date(s"Week($year, $month, $day, $startOn)", year, month, day)
    d.minusDays(Math.floorMod(d.getDayOfWeek.getValue - isoStart, 7).toLong)
  }
  val timeType: String = if (isoStart == 1) "week" else s"week_start_on_${PartialTime.dayName(startDay)}"
  val timeIndex: Int = Week.index(startDate.toEpochDay.toInt, isoStart)
  val timeLabel: String = s"Week of $startDate"
  private def prefix: String = if (isoStart == 1) "W" else s"W($isoStart)"
  val smvTime: String = prefix + PartialTime.digits(startDate)
  def timeStampToSmvTime(ts: Column): Column = {
    val d = F.to_date(ts)
    val isoDow = F.pmod(F.dayofweek(d) + 5, F.lit(7)) + 1
    val start = F.date_sub(d, F.pmod(isoDow - isoStart, F.lit(7)))
    F.concat(F.lit(prefix), F.date_format(start, "yyyyMMdd"))
  }
  def withIndex(index: Int): Week = {
    // Week 0 starts on the start day on or before 1970-01-01 (a Thursday, ISO day 4).
    val d = LocalDate.ofEpochDay(index.toLong * 7 - Math.floorMod(4 - isoStart, 7))
    Week(d.getYear, d.getMonthValue, d.getDayOfMonth, PartialTime.dayName(startDay))
  }
}

object Week {
  /** Weeks since the one (starting on ISO day `isoStart`) that holds 1970-01-01. */
  private[panel] def index(epochDay: Int, isoStart: Int): Int = Math.floorDiv(epochDay + Math.floorMod(4 - isoStart, 7), 7)
}

object PartialTime {
  private val QuarterP = """Q(\d{4})(\d{2})""".r
  private val MonthP = """M(\d{4})(\d{2})""".r
  private val DayP = """D(\d{4})(\d{2})(\d{2})""".r
  private val WeekP = """W(?:\((\d)\))?(\d{4})(\d{2})(\d{2})""".r

  private[panel] val dayNames: Seq[String] = DayOfWeek.values.toSeq.map(dayName)
  private[panel] def dayName(d: DayOfWeek): String = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH)
  private[panel] def dayOfWeek(name: String): Option[DayOfWeek] =
    DayOfWeek.values.find(d => dayName(d).equalsIgnoreCase(name))
  private[panel] def digits(d: LocalDate): String = f"${d.getYear}%04d${d.getMonthValue}%02d${d.getDayOfMonth}%02d"
  private[panel] def date(what: String, y: Int, m: Int, d: Int): LocalDate =
    Try(LocalDate.of(y, m, d)).getOrElse(throw new IllegalArgumentException(s"$what: $y-$m-$d is not a date"))

  /** The period an `smvTime` string names, or None when it names none (the column helpers give null then). */
  def parse(smvTime: String): Option[PartialTime] = Option(smvTime).flatMap { s =>
    Try(s match {
      case QuarterP(y, q) => Some(Quarter(y.toInt, q.toInt))
      case MonthP(y, m) => Some(Month(y.toInt, m.toInt))
      case DayP(y, m, d) => Some(Day(y.toInt, m.toInt, d.toInt))
      case WeekP(n, y, m, d) =>
        val iso = Option(n).map(_.toInt).getOrElse(1)
        if (iso < 1 || iso > 7) None
        else {
          val w = Week(y.toInt, m.toInt, d.toInt, dayName(DayOfWeek.of(iso)))
          if (w.smvTime == s) Some(w) else None // a week's smvTime names its first day
        }
      case _ => None
    }).toOption.flatten
  }
}
