package smv.helpers

import org.apache.spark.sql.DataFrame

/** df.smvGroupBy(...) and the grouped data it returns (SmvGroupedData). */
final class GroupByHelpers(val df: DataFrame)
