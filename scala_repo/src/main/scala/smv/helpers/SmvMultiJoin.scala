package smv.helpers

import org.apache.spark.sql.DataFrame

/** A join of several DataFrames on the same keys, built by `df.smvJoinMultipleByKey(keys, joinType)`:
  * `.joinWith(df2, "_df2").joinWith(df3, "_df3", "leftouter").doJoin()`. A column of a joined
  * DataFrame whose name is already taken gets that DataFrame's postfix.
  */
final case class SmvMultiJoin(df: DataFrame, keys: Seq[String], defaultJoinType: String,
                              joins: Seq[(DataFrame, String, String)] = Nil) {

  /** Adds a DataFrame to join, with the postfix for its clashing names and its join type
    * (the default join type when null or left out).
    */
  def joinWith(other: DataFrame, postfix: String, joinType: String = null): SmvMultiJoin =
    copy(joins = joins :+ ((other, postfix, Option(joinType).getOrElse(defaultJoinType))))

  /** Runs the joins in order; `dropExtra` drops the postfixed duplicate columns. */
  def doJoin(dropExtra: Boolean = false): DataFrame = {
    val (joined, renamed) = joins.foldLeft((df, Seq.empty[String])) { case ((acc, done), (other, postfix, joinType)) =>
      val (next, fresh) = KeyJoin(acc, other, keys, joinType, _ + postfix)
      (next, done ++ fresh)
    }
    if (dropExtra) joined.drop(renamed: _*) else joined
  }
}
