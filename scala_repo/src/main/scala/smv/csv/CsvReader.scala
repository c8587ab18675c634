package smv
package csv

import org.apache.spark.sql.{Column, DataFrame, Dataset, Encoders, SparkSession}
import org.apache.spark.sql.functions.{coalesce, col, concat_ws, expr, lit, not, when}
import org.apache.spark.sql.types.{StringType, StructField, StructType}
import smv.repository.{RunContext, RunResult}

/** Reads CSV text with an SMV schema, counting the records that fail to parse.
  *
  * Every field is first read as text (Spark's CSV reader, PERMISSIVE, the raw record
  * of a malformed line in `_smv_corrupt_record`), then converted with the schema
  * type's SQL. A record is a parser error when the reader flags it malformed (e.g. a
  * wrong number of fields) or a non-null field fails its conversion. Parser errors are
  * left out of the result and counted, never silently dropped.
  */
object CsvReader {
  val CorruptColumn = "_smv_corrupt_record"
  private val BadColumn = "_smv_parser_error"
  private val RawColumn = "_smv_raw_record"
  val SampleSize = 5

  def readFile(run: RunContext, path: String, schema: SmvSchema): RunResult =
    parse(run, schema, reader(run.spark, schema).csv(path))

  /** `lines` are the records (no header); used by SmvCsvStringData. */
  def readLines(run: RunContext, lines: Seq[String], schema: SmvSchema): RunResult = {
    val text: Dataset[String] = run.spark.createDataset(lines)(Encoders.STRING)
    parse(run, schema, reader(run.spark, schema).csv(text))
  }

  private def reader(spark: SparkSession, schema: SmvSchema) = {
    val raw = StructType(schema.fields.map(f => StructField(f.name, StringType)) :+ StructField(CorruptColumn, StringType))
    spark.read.schema(raw)
      .option("mode", "PERMISSIVE")
      .option("columnNameOfCorruptRecord", CorruptColumn)
      .option("header", schema.attributes.hasHeader.toString)
      .option("sep", schema.attributes.delimiter.toString)
      .option("quote", schema.attributes.quoteChar.toString)
  }

  private def quoted(name: String) = s"`${name.replace("`", "``")}`"

  private def parse(run: RunContext, schema: SmvSchema, raw: DataFrame): RunResult = {
    val converted: Seq[(String, Column)] = schema.fields.map(f => f.name -> expr(f.smvType.conversion(quoted(f.name))))
    val fieldFailed: Seq[Column] = converted.map { case (name, c) => col(quoted(name)).isNotNull && c.isNull }
    val bad = fieldFailed.foldLeft(col(CorruptColumn).isNotNull)(_ || _)
    val rawRecord = coalesce(col(CorruptColumn),
      concat_ws(schema.attributes.delimiter.toString, schema.fields.map(f => coalesce(col(quoted(f.name)), lit(""))): _*))
    val flagged = run.cacheForRun(raw.select(
      converted.map { case (name, c) => c.as(name) } :+ bad.as(BadColumn) :+ when(bad, rawRecord).as(RawColumn): _*))
    val errors = flagged.filter(col(BadColumn))
    val count = errors.count()
    val samples = if (count == 0) Nil else errors.select(RawColumn).limit(SampleSize).collect().map(_.getString(0)).toSeq
    RunResult(flagged.filter(not(col(BadColumn))).drop(BadColumn, RawColumn), count, samples)
  }
}
