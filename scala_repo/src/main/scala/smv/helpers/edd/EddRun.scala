package smv.helpers.edd

import java.util.UUID

import org.apache.spark.sql.{DataFrame, Observation, Row}

/** Runs every task of one EDD call in one Spark job: all the aggregates (statistics and
  * histograms) are observed while the data is scanned once (`Dataset.observe` over a no-op
  * write), instead of an aggregation whose shuffle would add a second job.
  */
object EddRun {
  def apply(df: DataFrame, tasks: Seq[EddTask]): EddResult = {
    val figures = if (tasks.isEmpty) Nil else {
      val names = tasks.indices.map(i => s"edd_$i")
      val aggregates = tasks.zip(names).map { case (t, n) => t.aggregate.as(n) }
      val observation = Observation(s"smv_edd_${UUID.randomUUID().toString.replace("-", "")}")
      df.observe(observation, aggregates.head, aggregates.tail: _*).write.format("noop").mode("overwrite").save()
      val values = observation.get
      tasks.zip(names).map { case (t, n) => figure(t, values(n)) }
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
