package smv.helpers.edd

import org.apache.spark.sql.{DataFrame, Row}
import org.apache.spark.sql.smvbridge.ConfOverrides

/** Runs every task of one EDD call as one aggregation (statistics and histograms side by side):
  * whole-stage codegen and partial aggregation where the aggregates allow it, and only the columns
  * the tasks use are read. With adaptive execution a global aggregate is two Spark jobs (the
  * shuffle's, then the result's); EDD's aggregation runs with it off (in a clone of the session,
  * never the shared session's conf: see ConfOverrides), so all its figures come from one job.
  */
object EddRun {
  private val oneJob = Map("spark.sql.adaptive.enabled" -> "false")

  def apply(df: DataFrame, tasks: Seq[EddTask]): EddResult = {
    val figures = if (tasks.isEmpty) Nil else {
      val aggregates = tasks.zipWithIndex.map { case (t, i) => t.aggregate.as(s"edd_$i") }
      val values = ConfOverrides.on(df.agg(aggregates.head, aggregates.tail: _*), oneJob).collect().head
      tasks.zipWithIndex.map { case (t, i) => figure(t, values.get(i)) }
    }
    new EddResult(figures, df.sparkSession)
  }

  private def figure(t: EddTask, value: Any): EddFigure =
    if (t.taskType == "stat") EddFigure(t.colName, t.taskType, t.taskName, t.taskDesc, value, Nil)
    else {
      val pairs = value.asInstanceOf[scala.collection.Seq[Row]].map(r => (r.get(0), r.getLong(1))).toSeq
        .filter(p => t.countsNull || p._1 != null)
      EddFigure(t.colName, t.taskType, t.taskName, t.taskDesc, null, sortHistogram(pairs, t.sortByFreq))
    }

  /** By key (null first), as SMV did; or by frequency, highest first (ties by key, to be stable). */
  private def sortHistogram(pairs: Seq[(Any, Long)], byFreq: Boolean): Seq[(Any, Long)] = {
    val byKey = pairs.sortWith { case ((a, _), (b, _)) => compareKeys(a, b) < 0 }
    if (byFreq) byKey.sortBy(-_._2) else byKey
  }

  private def compareKeys(a: Any, b: Any): Int = (a, b) match {
    case (null, null) => 0
    case (null, _) => -1
    case (_, null) => 1
    case (x: Double, y: Double) => java.lang.Double.compare(x, y)
    case (x: Boolean, y: Boolean) => java.lang.Boolean.compare(x, y)
    case (x, y) => x.toString.compareTo(y.toString)
  }
}
