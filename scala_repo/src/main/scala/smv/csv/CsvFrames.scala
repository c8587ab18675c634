package smv
package csv

import java.util.UUID

import org.apache.spark.sql.{DataFrame, SparkSession}
import smv.persist.DataLocation
import smv.repository.{RunContext, RunResult}

/** DataFrames read ad hoc with SMV's schemas, outside any module: `createDF` (a schema string and
  * a data string whose records are separated by ';', as SmvCsvStringData takes them) and
  * `openCsv` (a CSV file with its schema file beside it, as SmvCsvFile reads it). Types,
  * formats, nulls and quoting are the readers' own; a record that does not fit the schema is
  * an SmvException naming it, never a silently shorter DataFrame.
  */
object CsvFrames {

  /** The records of a data string: split on ';', blank records dropped. */
  def records(dataStr: String): Seq[String] = dataStr.split(";").map(_.trim).filter(_.nonEmpty).toSeq

  /** `createDF("a:String; b:Integer; c:Timestamp[yyyy-MM-dd]", "x,1,2015-09-30;y,2,")`. */
  def createDF(spark: SparkSession, schemaStr: String, dataStr: String): DataFrame = {
    val schema = SmvSchema.parseString(schemaStr, s"createDF schema '$schemaStr'")
    strict(spark, s"createDF: the data does not fit the schema '$schemaStr'")(CsvReader.readLines(_, records(dataStr), schema))
  }

  /** A CSV file read with the schema file beside it (`dir/x.csv` -> `dir/x.schema`). */
  def openCsv(spark: SparkSession, path: String): DataFrame = {
    val schemaPath = SmvCsvFile.schemaPathFor(path)
    if (!DataLocation.exists(path)) throw new SmvException(s"openCsv: no file at $path")
    if (!DataLocation.exists(schemaPath))
      throw new SmvException(s"openCsv: $path has no schema file beside it: expected $schemaPath")
    val schema = SmvSchema.parseFile(DataLocation.readText(schemaPath), schemaPath)
    strict(spark, s"openCsv: $path does not fit its schema $schemaPath")(CsvReader.readFile(_, path, schema))
  }

  private def strict(spark: SparkSession, what: String)(read: RunContext => RunResult): DataFrame = {
    val run = RunContext(s"csv-${UUID.randomUUID()}", spark)
    try {
      val result = read(run)
      if (result.parserErrorCount > 0)
        throw new SmvException(s"$what: ${result.parserErrorCount} record(s) do not parse, e.g. " +
          result.parserErrorSamples.map(s => s"'$s'").mkString(", "))
      result.df
    } finally run.release()
  }
}
