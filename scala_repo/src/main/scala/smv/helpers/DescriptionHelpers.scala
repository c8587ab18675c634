package smv.helpers

import org.apache.spark.sql.DataFrame

/** Column descriptions kept in the column metadata (smvDesc, smvGetDesc, ...). */
final class DescriptionHelpers(val df: DataFrame)
