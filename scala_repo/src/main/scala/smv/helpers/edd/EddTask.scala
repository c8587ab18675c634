package smv.helpers.edd

import org.apache.spark.sql.{Column, DataFrame}
import org.apache.spark.sql.functions._
import org.apache.spark.sql.types._

/** One statistic or histogram of one column, as SMV's EDD named them (taskName is SMV's
  * three-letter code, taskDesc the words its report prints).
  */
final case class EddTask(colName: String, taskType: String, taskName: String, taskDesc: String, aggregate: Column,
                         sortByFreq: Boolean = false, countsNull: Boolean = true)

/** What to histogram: SMV's `Hist` (bin size for numbers, order by key or by frequency). */
final case class Hist(colName: String, binSize: Double = 100.0, sortByFreq: Boolean = false)

/** The tasks SMV's EDD runs for a column, by the column's type. */
object EddTasks {
  private def stat(name: String, task: String, desc: String, agg: Column) = EddTask(name, "stat", task, desc, agg)
  private def hist(name: String, task: String, desc: String, agg: Column, byFreq: Boolean = false) =
    EddTask(name, "hist", task, desc, agg, byFreq)
  // SMV's boolean histogram counts true and false only.
  private def booleanHist(name: String, c: Column) =
    EddTask(name, "hist", "boo", "Boolean", Histogram.booleans(c), countsNull = false)

  private def datePart(name: String, task: String, desc: String, format: String, part: Column): EddTask =
    hist(name, task, desc, Histogram.strings(when(part.isNotNull, format_string(format, part))))

  /** smvEdd's statistics: numbers, strings, booleans, dates and timestamps. */
  def summary(df: DataFrame, colNames: Seq[String], helper: String): Seq[EddTask] = {
    val explicit = colNames.nonEmpty
    val names = if (explicit) colNames.distinct else df.columns.toSeq
    names.flatMap { name =>
      val c = df(name)
      df.schema(name).dataType match {
        case _: NumericType => Seq(
          stat(name, "cnt", "Non-Null Count", count(c)),
          stat(name, "nct", "Null Count", count(lit(1)) - count(c)),
          stat(name, "avg", "Average", avg(c)),
          stat(name, "std", "Standard Deviation", stddev(c)),
          stat(name, "min", "Min", min(c).cast(DoubleType)),
          stat(name, "max", "Max", max(c).cast(DoubleType)))
        case StringType => Seq(
          stat(name, "cnt", "Non-Null Count", count(c)),
          stat(name, "nct", "Null Count", count(lit(1)) - count(c)),
          stat(name, "mil", "Min Length", min(length(c)).cast(LongType)),
          stat(name, "mal", "Max Length", max(length(c)).cast(LongType)),
          stat(name, "dct", "Approx Distinct Count", approx_count_distinct(c, 0.01).cast(LongType)))
        case BooleanType => Seq(booleanHist(name, c))
        case t @ (DateType | TimestampType | TimestampNTZType) =>
          Seq(
            stat(name, "tmi", "Time Start", min(c).cast(StringType)),
            stat(name, "tma", "Time Edd", max(c).cast(StringType)),
            datePart(name, "yea", "Year", "%04d", year(c)),
            datePart(name, "mon", "Month", "%02d", month(c)),
            datePart(name, "dow", "Day of Week", "%1d", dayofweek(c))) ++
            (if (t == DateType) Nil else Seq(datePart(name, "hou", "Hour", "%02d", hour(c))))
        case t if explicit => throw new IllegalArgumentException(
          s"$helper cannot summarize column '$name' of type ${t.simpleString}: " +
            "it summarizes numeric, string, boolean, date and timestamp columns")
        case _ => Nil
      }
    }
  }

  /** smvHist's histograms: strings by key (or frequency), numbers by bin, booleans. */
  def histogram(df: DataFrame, hists: Seq[Hist], helper: String): Seq[EddTask] = hists.map { h =>
    val c = df(h.colName)
    df.schema(h.colName).dataType match {
      case StringType if h.sortByFreq =>
        hist(h.colName, "frq", "String sorted by Frequency", Histogram.strings(c), byFreq = true)
      case StringType => hist(h.colName, "key", "String sort by Key", Histogram.strings(c))
      case _: NumericType =>
        val binned = floor(c.cast(DoubleType) / h.binSize) * h.binSize
        hist(h.colName, "bnh", s"with BIN size ${h.binSize}", Histogram.doubles(binned))
      case BooleanType => booleanHist(h.colName, c)
      case t => throw new IllegalArgumentException(
        s"$helper cannot make a histogram of column '${h.colName}' of type ${t.simpleString}: " +
          "it takes string, numeric and boolean columns")
    }
  }
}
