package smv.helpers

import org.apache.spark.sql.Column
import org.apache.spark.sql.functions._

/** SMV's Column helpers (smvIsAllIn, smvYear, smvPlusDays, ...), on Spark's own functions. */
final class ColumnHelpers(val c: Column) {

  /** The column's name (its alias or attribute name), as SMV's getName: `$"a".smvGetColName`. */
  def smvGetColName: String = ColumnNames.of(c)

  private def inValues(vals: Seq[Any]): Column => Column = x => coalesce(x.isin(vals: _*), lit(false))

  /** True when every element of the array column is one of `vals`: `array($"k", $"v").smvIsAllIn("a", "b")`. */
  def smvIsAllIn(vals: Any*): Column = forall(c, inValues(vals))

  /** True when some element of the array column is one of `vals`. */
  def smvIsAnyIn(vals: Any*): Column = exists(c, inValues(vals))

  def smvYear: Column = year(c)
  def smvMonth: Column = month(c)
  def smvQuarter: Column = quarter(c)
  def smvDayOfMonth: Column = dayofmonth(c)

  /** Day of the week, 1 (Monday) to 7 (Sunday): 2015-09-16, a Wednesday, is 3. */
  def smvDayOfWeek: Column = weekday(c) + 1
  def smvHour: Column = hour(c)

  private def plus(years: Column, months: Column, weeks: Column, days: Column): Column =
    c.cast("timestamp") + make_interval(years, months, weeks, days, lit(0), lit(0), lit(0))
  private val zero = lit(0)

  /** The timestamp n days later (n an Int or a Column); null stays null. */
  def smvPlusDays(n: Int): Column = smvPlusDays(lit(n))
  def smvPlusDays(n: Column): Column = plus(zero, zero, zero, n)
  def smvPlusWeeks(n: Int): Column = smvPlusWeeks(lit(n))
  def smvPlusWeeks(n: Column): Column = plus(zero, zero, n, zero)

  /** n months later, the day clamped to the month's end (2012-01-31 plus 1 month is 2012-02-29). */
  def smvPlusMonths(n: Int): Column = smvPlusMonths(lit(n))
  def smvPlusMonths(n: Column): Column = plus(zero, n, zero, zero)
  def smvPlusYears(n: Int): Column = smvPlusYears(lit(n))
  def smvPlusYears(n: Column): Column = plus(n, zero, zero, zero)

  /** A string parsed as a timestamp with a datetime pattern: `$"dob".smvStrToTimestamp("yyyy-MM-dd")`. */
  def smvStrToTimestamp(fmt: String): Column = to_timestamp(c, fmt)

  /** Days since 1970-01-01 (from 0): 2012-02-29 is 15399. */
  def smvDay70: Column = datediff(c, lit("1970-01-01"))

  /** Months since 1970-01 (from 0): 2012-02 is 505. */
  def smvMonth70: Column = (year(c) - 1970) * 12 + month(c) - 1
}
