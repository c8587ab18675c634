package smv.helpers

import java.nio.file.{Files, Path, Paths}

import scala.jdk.CollectionConverters._

import org.apache.spark.sql.{DataFrame, Encoders, SparkSession}

/** The helper cases both languages share (tests/fixtures/helpers): input tables and expected rows,
  * each a file whose first line is a Spark DDL schema and whose other lines are JSON rows.
  * tests/helpers/ reads the same files, so the Scala and Python helpers answer the same rows.
  */
object HelperCases {
  val root: Path = Paths.get("tests", "fixtures", "helpers")

  /** A fixture file as a one-partition DataFrame (so "any row per key" is the first one). */
  def load(spark: SparkSession, file: Path): DataFrame = {
    val lines = Files.readAllLines(file).asScala.filter(_.trim.nonEmpty).toSeq
    val json = spark.createDataset(lines.tail)(Encoders.STRING).coalesce(1)
    spark.read.schema(lines.head).option("mode", "FAILFAST").json(json)
  }

  def names(dir: String): Seq[String] = {
    val s = Files.list(root.resolve(dir))
    try s.iterator().asScala.map(_.getFileName.toString).filter(_.endsWith(".jsonl")).map(_.stripSuffix(".jsonl"))
      .toSeq.sorted
    finally s.close()
  }

  def tables(spark: SparkSession): Map[String, DataFrame] =
    names("tables").map(n => n -> load(spark, root.resolve("tables").resolve(n + ".jsonl"))).toMap

  def expected(spark: SparkSession, name: String): DataFrame = load(spark, root.resolve("expected").resolve(name + ".jsonl"))

  /** Rows as Spark writes them in JSON (the same text from either language), sorted. */
  def rows(df: DataFrame): Seq[String] = df.toJSON.collect().toSeq.sorted

  /** A text the helpers print or return (tests/fixtures/helpers/text/<name>.txt). */
  def text(name: String): String = Files.readString(root.resolve("text").resolve(name + ".txt")).stripSuffix("\n")
}
