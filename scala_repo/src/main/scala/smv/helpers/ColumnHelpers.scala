package smv.helpers

import org.apache.spark.sql.Column

/** SMV's Column helpers (smvIsAllIn, smvYear, smvPlusDays, ...). */
final class ColumnHelpers(val c: Column)
