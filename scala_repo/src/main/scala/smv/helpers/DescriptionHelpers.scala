package smv.helpers

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.types.{MetadataBuilder, StringType, StructField}

/** Column descriptions kept in the column metadata under the key `smvDesc` (SMV's key), so
  * they travel with the schema: through selects that keep the column, into the persisted
  * Parquet and its `.meta.json`, and back when a later run reuses the result.
  */
final class DescriptionHelpers(val df: DataFrame) {
  import DescriptionHelpers.Key

  /** Sets descriptions: `df.smvDesc("id" -> "customer id", "amt" -> "amount in USD")`. */
  def smvDesc(colDescs: (String, String)*): DataFrame =
    colDescs.foldLeft(df) { case (d, (name, text)) =>
      if (text == null) throw new IllegalArgumentException(s"smvDesc: the description of column '$name' is null; expected a string")
      d.withMetadata(name, new MetadataBuilder().withMetadata(DescriptionHelpers.field(d, name).metadata).putString(Key, text).build())
    }

  /** Sets descriptions from a DataFrame of two string columns: column name, description. */
  def smvDescFromDF(descDF: DataFrame): DataFrame = {
    val fields = descDF.schema.fields
    if (fields.length != 2 || fields.exists(_.dataType != StringType)) throw new IllegalArgumentException(
      s"smvDescFromDF takes a DataFrame of two string columns (column name, description), not ${descDF.schema.simpleString}")
    smvDesc(descDF.collect().toSeq.map(r => r.getString(0) -> r.getString(1)): _*)
  }

  /** The description of `colName` ("" when it has none). */
  def smvGetDesc(colName: String): String = DescriptionHelpers.of(DescriptionHelpers.field(df, colName))

  /** Every column with its description ("" when it has none), in column order. */
  def smvGetDesc(): Seq[(String, String)] = df.schema.fields.toSeq.map(f => f.name -> DescriptionHelpers.of(f))

  /** Removes the descriptions of `colNames` (of every column when none is named). */
  def smvRemoveDesc(colNames: String*): DataFrame = {
    val names = if (colNames.isEmpty) df.columns.toSeq else colNames
    names.foldLeft(df) { (d, name) =>
      val field = DescriptionHelpers.field(d, name)
      d.withMetadata(name, new MetadataBuilder().withMetadata(field.metadata).remove(Key).build())
    }
  }
}

object DescriptionHelpers {
  /** The column-metadata key that holds a column's description. */
  val Key = "smvDesc"

  /** The schema field of column `name` (Spark's error names a missing column). */
  private[helpers] def field(df: DataFrame, name: String): StructField = df.select(df.col(name)).schema.head

  def of(field: StructField): String = if (field.metadata.contains(Key)) field.metadata.getString(Key) else ""

  /** (column, description) of the columns of `schema` that have one. */
  def described(schema: org.apache.spark.sql.types.StructType): Seq[(String, String)] =
    schema.fields.toSeq.filter(_.metadata.contains(Key)).map(f => f.name -> f.metadata.getString(Key))
}
