package smv

import org.apache.spark.sql.DataFrame

/** SMV 2.x names this SMV does not provide, so an app that uses one compiles (with a
  * deprecation warning) and then fails with an error naming the feature, rather than
  * with a puzzling compile or linkage error. `org.tresamigos.smv` re-exports them.
  */
/** An SMV 2.x dataset class that is not provided: creating one fails naming it. */
sealed abstract class SmvUnsupportedDataSet(feature: String, instead: String) extends SmvModule(s"$feature (not supported)") {
  throw new SmvUnsupportedException(feature, instead)
  final override def requiresDS: Seq[SmvDataSet] = Nil
  final override def run(i: runParams): DataFrame = throw new SmvUnsupportedException(feature, instead)
}

@deprecated("SmvJdbcTable is not supported: read the table in an SmvModule with spark.read.jdbc", "SMV 2.2.0.0")
abstract class SmvJdbcTable(tableName: String)
  extends SmvUnsupportedDataSet("SmvJdbcTable", "read the table in an SmvModule with i.spark.read.jdbc(...)")

@deprecated("SmvMultiCsvFiles is not supported: one SmvCsvFile per file, unioned in a module", "SMV 2.2.0.0")
abstract class SmvMultiCsvFiles(dir: String)
  extends SmvUnsupportedDataSet("SmvMultiCsvFiles", "declare one SmvCsvFile per file and union them in an SmvModule")
