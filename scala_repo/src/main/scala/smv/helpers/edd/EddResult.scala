package smv.helpers.edd

import java.nio.charset.StandardCharsets

import org.apache.hadoop.fs.Path
import org.apache.spark.sql.{DataFrame, Row, SparkSession}
import org.apache.spark.sql.types._

/** One figure of an EDD: a statistic's value, or a histogram's (key, count) pairs in report order. */
final case class EddFigure(colName: String, taskType: String, taskName: String, taskDesc: String,
                           value: Any, histogram: Seq[(Any, Long)]) {

  /** The statistic as SMV's report prints it: JSON (strings quoted, null as null). */
  def valueText: String = EddFigure.json(value)

  /** SMV's report lines for this figure. */
  def report: String = taskType match {
    case "stat" => f"$colName%-20s $taskDesc%-22s $valueText%s"
    case _ =>
      val total = histogram.map(_._2).sum
      val cumulative = histogram.scanLeft(0L)(_ + _._2).tail
      val lines = histogram.zip(cumulative).map { case ((k, n), cum) =>
        val key = EddFigure.keyText(k)
        f"$key%-20s$n%10d${n.toDouble / total * 100}%8.2f%%$cum%12d${cum.toDouble / total * 100}%8.2f%%"
      }
      (s"Histogram of $colName: $taskDesc" +:
        "key                      count      Pct    cumCount   cumPct" +:
        lines :+ "-------------------------------------------------").mkString("\n")
  }
}

object EddFigure {
  def keyText(k: Any): String = if (k == null) "null" else k.toString

  def json(v: Any): String = v match {
    case null => "null"
    case s: String => "\"" + s.flatMap {
      case '"' => "\\\""
      case '\\' => "\\\\"
      case '\n' => "\\n"
      case c if c < ' ' => f"\\u${c.toInt}%04x"
      case c => c.toString
    } + "\""
    case other => other.toString
  }
}

/** The figures of one EDD call: SMV's report text, a DataFrame of the same figures (for notebooks
  * and tests), or a saved report. Like SMV's `EddResultFunctions` (`eddShow`, `toDF`, `saveReport`).
  */
final class EddResult(val figures: Seq[EddFigure], spark: SparkSession) {

  /** SMV's text report, one block per figure. */
  def report: String = figures.map(_.report).mkString("\n")

  /** Prints the report (what smvEdd, smvHist, ... do). */
  def eddShow(): Unit = println(report)

  /** One row per statistic (value: as the report prints it) and one per histogram key (key, count). */
  def toDF: DataFrame = {
    val rows = figures.flatMap { f =>
      if (f.taskType == "stat") Seq(Row(f.colName, f.taskType, f.taskName, f.taskDesc, f.valueText, null, null))
      else f.histogram.map { case (k, n) =>
        Row(f.colName, f.taskType, f.taskName, f.taskDesc, null, Option(k).map(_.toString).orNull, n)
      }
    }
    spark.createDataFrame(java.util.Arrays.asList(rows: _*), EddResult.schema)
  }

  /** Writes the report as text to `path` (any Hadoop path or URI), replacing what is there. */
  def saveReport(path: String): Unit = {
    val p = new Path(path)
    val out = p.getFileSystem(spark.sparkContext.hadoopConfiguration).create(p, true)
    try out.write((report + "\n").getBytes(StandardCharsets.UTF_8)) finally out.close()
  }
}

object EddResult {
  /** The columns of `toDF` (and of smvEddDF, smvHistDF, ...). */
  val schema: StructType = StructType(Seq(
    StructField("colName", StringType, nullable = false),
    StructField("taskType", StringType, nullable = false),
    StructField("taskName", StringType, nullable = false),
    StructField("taskDesc", StringType, nullable = false),
    StructField("value", StringType),
    StructField("key", StringType),
    StructField("count", LongType)))
}
