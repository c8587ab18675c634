package smv.helpers

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions.{count_distinct, struct}

/** smvDiscoverPK: greedily adds the column that most raises the distinct count of the key
  * within the first n rows, until the key identifies every row (or no column is left).
  * One Spark job per key column added, all candidates counted in it.
  */
private[helpers] object PrimaryKeys {
  def discover(df: DataFrame, n: Int): (Seq[String], Long) = {
    val sample = df.limit(n).cache()
    try {
      val total = sample.count()
      var keys = Seq.empty[String]
      var distinct = if (total == 0) 0L else 1L
      while (distinct < total && keys.size < sample.columns.length) {
        val candidates = sample.columns.filterNot(keys.contains).toSeq
        val counts = candidates.map(c => count_distinct(struct((keys :+ c).map(ColumnNames.resolve(sample, _)): _*)))
        val row = sample.agg(counts.head, counts.tail: _*).head()
        val (best, bestCount) = candidates.indices.map(i => (candidates(i), row.getLong(i))).maxBy(_._2)
        keys = keys :+ best
        distinct = bestCount
      }
      (keys, distinct)
    } finally sample.unpersist()
  }
}
