package smv
package hive

import org.apache.spark.sql.{DataFrame, SaveMode, SparkSession}
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser
import smv.persist.DataLocation

/** Hive tables as SMV reads and publishes them, for both languages (Python calls these through
  * py4j): the metastore is the session's catalog (`spark.sql.catalogImplementation=hive`).
  */
object HiveTables {

  /** What an SmvHiveTable's hash covers: the table's location and the newest modification
    * time of its files (Hadoop's FileSystem), or a view's text. A missing table does not stop
    * metadata (listing, graphs; as a missing CSV file): it hashes as missing, and reading it fails.
    */
  def state(spark: SparkSession, table: String): String = {
    if (!spark.catalog.tableExists(table)) return s"table=$table\nmissing"  // reading it fails, naming it
    val details = describe(spark, table)
    details.get("Location") match {
      case Some(location) => s"table=$table\nlocation=$location\nmtime=${DataLocation.modificationTimeMillis(location)}"
      case None => s"table=$table\nview=${details.getOrElse("View Text", details.getOrElse("View Original Text", ""))}"
    }
  }

  /** The table's rows; a missing table fails naming it and `urn`. */
  def read(spark: SparkSession, table: String, urn: String): DataFrame = {
    requireTable(spark, table, urn)
    spark.table(table)
  }

  /** Writes `df` as `table`, replacing it (its database is created when missing). */
  def publish(spark: SparkSession, df: DataFrame, table: String): Unit = {
    val parts = CatalystSqlParser.parseMultipartIdentifier(table)
    if (parts.size > 1)
      spark.sql(s"CREATE DATABASE IF NOT EXISTS ${parts.init.map(quoted).mkString(".")}")
    df.write.mode(SaveMode.Overwrite).saveAsTable(table)
  }

  private def requireTable(spark: SparkSession, table: String, urn: String): Unit =
    if (!spark.catalog.tableExists(table)) throw new HiveTableNotFoundException(table, urn, catalogOf(spark))

  /** DESCRIBE TABLE EXTENDED's detail rows (col_name -> data_type). */
  private def describe(spark: SparkSession, table: String): Map[String, String] = {
    val name = CatalystSqlParser.parseMultipartIdentifier(table).map(quoted).mkString(".")
    spark.sql(s"DESCRIBE TABLE EXTENDED $name").collect()
      .map(r => Option(r.getString(0)).getOrElse("").trim -> Option(r.getString(1)).getOrElse("").trim).toMap
  }

  private def quoted(part: String): String = "`" + part.replace("`", "``") + "`"

  private def catalogOf(spark: SparkSession): String = {
    val kind = spark.conf.get("spark.sql.catalogImplementation", "in-memory")
    val uris = spark.sparkContext.hadoopConfiguration.get("hive.metastore.uris", "")
    if (kind != "hive") "the session has no Hive metastore (spark.sql.catalogImplementation=in-memory)"
    else if (uris.nonEmpty) s"metastore $uris"
    else "the embedded metastore"
  }
}

/** An SmvHiveTable's table is not in the metastore. */
final class HiveTableNotFoundException(val table: String, val urn: String, where: String)
    extends SmvException(s"Hive table $table read by $urn does not exist ($where)")
