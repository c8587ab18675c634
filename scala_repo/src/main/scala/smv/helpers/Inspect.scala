package smv.helpers

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Paths}

import org.apache.spark.sql.{DataFrame, Row}
import org.apache.spark.sql.types._

/** The helpers that show or export a (small) DataFrame on the driver: smvDumpDF, peek, smvExportCsv. */
private[helpers] object Inspect {

  /** SMV's schema type names (String, Integer, Timestamp, Decimal[10,2], ...). */
  def smvType(t: DataType): String = t match {
    case StringType    => "String"
    case IntegerType   => "Integer"
    case LongType      => "Long"
    case DoubleType    => "Double"
    case FloatType     => "Float"
    case BooleanType   => "Boolean"
    case TimestampType => "Timestamp"
    case DateType      => "Date"
    case ShortType     => "Short"
    case ByteType      => "Byte"
    case d: DecimalType => s"Decimal[${d.precision},${d.scale}]"
    case other         => other.simpleString
  }

  private def schemaFields(df: DataFrame): Seq[String] = df.schema.fields.toSeq.map(f => s"${f.name}: ${smvType(f.dataType)}")

  /** The schema ("a: String;b: Integer") then every row, values joined by ",", rows by ";\n". */
  def dump(df: DataFrame): String =
    schemaFields(df).mkString(";") + "\n" + df.collect().map(_.mkString(",")).mkString(";\n")

  /** Row `pos` (from 1; the last row when there are fewer) as "name:Type = value" lines. */
  def peek(df: DataFrame, pos: Int, colRegex: String): String = {
    val rows = df.take(pos)
    if (rows.isEmpty) "Cannot peek an empty DataFrame"
    else {
      val row = rows.last
      val pattern = colRegex.r
      val labels = df.schema.fields.zipWithIndex.collect {
        case (f, i) if pattern.findFirstIn(f.name).isDefined => (s"${f.name}:${f.dataType.toString.replace("Type", "")}", i)
      }
      if (labels.isEmpty) s"No column matches '$colRegex'"
      else {
        val width = labels.map(_._1.length).max
        labels.map { case (label, i) => s"%-${width}s = %s".format(label, row.get(i)) }.mkString("\n")
      }
    }
  }

  private def csvValue(v: Any): String = v match {
    case null      => ""
    case s: String => "\"" + s.replace("\"", "\"\"") + "\""
    case other     => other.toString
  }

  /** A local CSV file (header, strings quoted) and its SMV schema file (`x.csv` -> `x.schema`). */
  def exportCsv(df: DataFrame, path: String, n: Option[Int]): Unit = {
    val rows: Array[Row] = n.fold(df.collect())(df.limit(_).collect())
    val header = df.columns.map(c => "\"" + c + "\"").mkString(",")
    writeLocal(path, (header +: rows.map(_.toSeq.map(csvValue).mkString(","))).mkString("\n") + "\n")
    val schemaPath = if (path.endsWith(".csv")) path.stripSuffix(".csv") + ".schema" else path + ".schema"
    writeLocal(schemaPath, schemaFields(df).mkString("\n") + "\n")
  }

  /** Writes text to a local file, creating its folder. */
  def writeLocal(path: String, text: String): Unit = {
    val p = Paths.get(path).toAbsolutePath
    Files.createDirectories(p.getParent)
    Files.write(p, text.getBytes(StandardCharsets.UTF_8))
  }
}
