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

@deprecated("SmvHiveTable is not supported: read the table in an SmvModule with spark.table", "SMV 2.2.0.0")
abstract class SmvHiveTable(tableName: String)
  extends SmvUnsupportedDataSet("SmvHiveTable", "read the table in an SmvModule with i.spark.table(name)")

@deprecated("SmvJdbcTable is not supported: read the table in an SmvModule with spark.read.jdbc", "SMV 2.2.0.0")
abstract class SmvJdbcTable(tableName: String)
  extends SmvUnsupportedDataSet("SmvJdbcTable", "read the table in an SmvModule with i.spark.read.jdbc(...)")

@deprecated("SmvMultiCsvFiles is not supported: one SmvCsvFile per file, unioned in a module", "SMV 2.2.0.0")
abstract class SmvMultiCsvFiles(dir: String)
  extends SmvUnsupportedDataSet("SmvMultiCsvFiles", "declare one SmvCsvFile per file and union them in an SmvModule")

/** SMV 2.x's DataFrame helper library (`df.smvSelectPlus(...)` and friends, brought in by
  * `import org.tresamigos.smv._`): each method fails naming itself.
  */
object SmvDataFrameHelpers {
  val Names: Seq[String] = Seq("smvSelectPlus", "smvSelectMinus", "smvRenameField", "smvJoinByKey",
    "smvJoinMultipleByKey", "smvDedupByKey", "smvDedupByKeyWithOrder", "smvGroupBy", "smvUnion", "smvEdd",
    "smvHist", "smvPrefixFieldNames", "smvExpandStruct", "smvTopNRecs", "smvDumpDF", "smvExportCsv",
    "smvDiscoverPK", "smvOverlapCheck", "smvHashSample", "smvCoalesce", "smvPipeCount", "peek")

  private[smv] def unsupported(name: String): Nothing =
    throw new SmvUnsupportedException(s"DataFrame.$name (SMV's DataFrame helper library)",
      "write it with Spark's DataFrame API")

  /** The helpers, on any DataFrame in scope of the import. */
  @deprecated("SMV's DataFrame helpers are not supported: use Spark's DataFrame API", "SMV 2.2.0.0")
  implicit class Unsupported(df: DataFrame) {
    def smvSelectPlus(args: Any*): DataFrame = unsupported("smvSelectPlus")
    def smvSelectMinus(args: Any*): DataFrame = unsupported("smvSelectMinus")
    def smvRenameField(args: Any*): DataFrame = unsupported("smvRenameField")
    def smvJoinByKey(args: Any*): DataFrame = unsupported("smvJoinByKey")
    def smvJoinMultipleByKey(args: Any*): DataFrame = unsupported("smvJoinMultipleByKey")
    def smvDedupByKey(args: Any*): DataFrame = unsupported("smvDedupByKey")
    def smvDedupByKeyWithOrder(args: Any*): DataFrame = unsupported("smvDedupByKeyWithOrder")
    def smvGroupBy(args: Any*): DataFrame = unsupported("smvGroupBy")
    def smvUnion(args: Any*): DataFrame = unsupported("smvUnion")
    def smvEdd(args: Any*): DataFrame = unsupported("smvEdd")
    def smvHist(args: Any*): DataFrame = unsupported("smvHist")
    def smvPrefixFieldNames(args: Any*): DataFrame = unsupported("smvPrefixFieldNames")
    def smvExpandStruct(args: Any*): DataFrame = unsupported("smvExpandStruct")
    def smvTopNRecs(args: Any*): DataFrame = unsupported("smvTopNRecs")
    def smvDumpDF(args: Any*): DataFrame = unsupported("smvDumpDF")
    def smvExportCsv(args: Any*): DataFrame = unsupported("smvExportCsv")
    def smvDiscoverPK(args: Any*): DataFrame = unsupported("smvDiscoverPK")
    def smvOverlapCheck(args: Any*): DataFrame = unsupported("smvOverlapCheck")
    def smvHashSample(args: Any*): DataFrame = unsupported("smvHashSample")
    def smvCoalesce(args: Any*): DataFrame = unsupported("smvCoalesce")
    def smvPipeCount(args: Any*): DataFrame = unsupported("smvPipeCount")
    def peek(args: Any*): DataFrame = unsupported("peek")
  }
}
