package smv.helpers

import org.apache.spark.sql.DataFrame

/** SMV's DataFrame helpers (smvSelectPlus, smvJoinByKey, smvDedupByKey, ...). */
final class DataFrameHelpers(val df: DataFrame)
