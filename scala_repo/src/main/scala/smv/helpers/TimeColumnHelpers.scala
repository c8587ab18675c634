package smv.helpers

import org.apache.spark.sql.Column

/** Time-panel column helpers (smvTimeToType, smvTimeToIndex, ...). */
final class TimeColumnHelpers(val c: Column)
