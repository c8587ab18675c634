package smv.helpers

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions.col

/** SMV's join on same-named keys (smvJoinByKey, SmvMultiJoin): one copy of the keys (Spark's
  * using-join, which coalesces them in outer joins), the left's columns in order then the right's;
  * a right column whose name the left already has is renamed by `rename` until unique.
  */
private[helpers] object KeyJoin {
  private val leftOnly = Set("leftsemi", "semi", "leftanti", "anti")

  /** The joined DataFrame and the new names of the right columns that were renamed. */
  def apply(left: DataFrame, right: DataFrame, keys: Seq[String], joinType: String,
            rename: String => String): (DataFrame, Seq[String]) = {
    require(keys.nonEmpty, "smvJoinByKey needs at least one key column")
    ColumnNames.requireAll(left, keys)
    ColumnNames.requireAll(right, keys)
    val keySet = keys.map(_.toLowerCase).toSet
    val (renamedRight, renames) = right.columns.filterNot(c => keySet.contains(c.toLowerCase))
      .foldLeft((right, Seq.empty[(String, String)])) { case ((acc, done), c) =>
        val taken = left.columns ++ acc.columns.filterNot(_ == c)
        if (!taken.exists(_.equalsIgnoreCase(c))) (acc, done)
        else {
          val fresh = Unique.name(taken.toSeq, rename(c), rename)
          (acc.withColumnRenamed(c, fresh), done :+ (c -> fresh))
        }
      }
    val joined = left.join(renamedRight, keys, joinType)
    if (leftOnly.contains(joinType.toLowerCase.replace("_", ""))) (joined, Nil)
    else {
      val rightCols = renamedRight.columns.filterNot(c => keySet.contains(c.toLowerCase))
      val ordered = (left.columns ++ rightCols).map(c => col(ColumnNames.quoted(c)))
      (joined.select(ordered.toSeq: _*), renames.map(_._2))
    }
  }
}
