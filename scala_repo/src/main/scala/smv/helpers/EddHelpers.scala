package smv.helpers

import org.apache.spark.sql.DataFrame

/** EDD: summary statistics and histograms (smvEdd, smvHist, ...). */
final class EddHelpers(val df: DataFrame)
