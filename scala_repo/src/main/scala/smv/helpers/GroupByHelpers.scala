package smv.helpers

import org.apache.spark.sql.{Column, DataFrame}

/** `df.smvGroupBy(keys)`: the grouped data SMV's per-group operations work on (`SmvGroupedData`). */
final class GroupByHelpers(val df: DataFrame) {
  /** Groups by key columns, e.g. `df.smvGroupBy($"k")`. */
  def smvGroupBy(cols: Column*): SmvGroupedData = SmvGroupedData(df, cols)

  /** Groups by key column names, e.g. `df.smvGroupBy("k1", "k2")`. */
  def smvGroupBy(col: String, others: String*): SmvGroupedData = SmvGroupedData(df, (col +: others).map(df(_)))
}
