package smv
package csv

import org.apache.spark.sql.types._

/** One SMV field type: its Spark type and the SQL that converts the field's text to it.
  *
  * Conversions are Spark SQL text so the Python side can use the very same
  * expressions; a non-null text whose conversion is null is a parser error.
  */
sealed abstract class SmvType(val text: String, val sparkType: DataType) {
  /** Spark SQL turning the string column `quotedName` into this type (null when it does not parse). */
  def conversion(quotedName: String): String
}

object SmvType {
  private def tryCast(sqlType: String)(c: String) = s"try_cast($c AS $sqlType)"

  case object StringT extends SmvType("String", StringType) { def conversion(c: String): String = c }
  case object IntegerT extends SmvType("Integer", IntegerType) { def conversion(c: String): String = tryCast("INT")(c) }
  case object LongT extends SmvType("Long", LongType) { def conversion(c: String): String = tryCast("BIGINT")(c) }
  case object FloatT extends SmvType("Float", FloatType) { def conversion(c: String): String = tryCast("FLOAT")(c) }
  case object DoubleT extends SmvType("Double", DoubleType) { def conversion(c: String): String = tryCast("DOUBLE")(c) }
  case object BooleanT extends SmvType("Boolean", BooleanType) { def conversion(c: String): String = tryCast("BOOLEAN")(c) }
  final case class DecimalT(precision: Int, scale: Int)
      extends SmvType(s"Decimal[$precision,$scale]", DecimalType(precision, scale)) {
    def conversion(c: String): String = tryCast(s"DECIMAL($precision,$scale)")(c)
  }
  final case class DateT(format: String) extends SmvType(s"Date[$format]", DateType) {
    def conversion(c: String): String = s"CAST(try_to_timestamp($c, ${sqlString(format)}) AS DATE)"
  }
  final case class TimestampT(format: String) extends SmvType(s"Timestamp[$format]", TimestampType) {
    def conversion(c: String): String = s"try_to_timestamp($c, ${sqlString(format)})"
  }

  val DefaultDateFormat = "yyyy-MM-dd"
  val DefaultTimestampFormat = "yyyy-MM-dd HH:mm:ss"

  private def sqlString(s: String): String = "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"

  private val WithArgs = """(?i)^(decimal|date|timestamp)\s*\[(.*)\]$""".r

  /** Parses a type name; `Left(detail)` when it is not one. */
  def parse(text: String): Either[String, SmvType] = text.trim match {
    case t if t.equalsIgnoreCase("String") => Right(StringT)
    case t if t.equalsIgnoreCase("Integer") || t.equalsIgnoreCase("Int") => Right(IntegerT)
    case t if t.equalsIgnoreCase("Long") => Right(LongT)
    case t if t.equalsIgnoreCase("Float") => Right(FloatT)
    case t if t.equalsIgnoreCase("Double") => Right(DoubleT)
    case t if t.equalsIgnoreCase("Boolean") => Right(BooleanT)
    case t if t.equalsIgnoreCase("Decimal") => Right(DecimalT(10, 0))
    case t if t.equalsIgnoreCase("Date") => Right(DateT(DefaultDateFormat))
    case t if t.equalsIgnoreCase("Timestamp") => Right(TimestampT(DefaultTimestampFormat))
    case WithArgs(kind, args) => kind.toLowerCase match {
      case "decimal" => decimal(args)
      case "date" => nonEmpty(args, text).map(DateT)
      case _ => nonEmpty(args, text).map(TimestampT)
    }
    case other => Left(s"unknown type '$other' (expected String, Integer, Long, Float, Double, Boolean, " +
      "Decimal[p,s], Date[format] or Timestamp[format])")
  }

  private def nonEmpty(format: String, text: String) =
    if (format.trim.isEmpty) Left(s"empty format in '$text'") else Right(format.trim)

  private def decimal(args: String): Either[String, SmvType] = {
    val parts = args.split(",").map(_.trim)
    val nums = parts.map(_.toIntOption)
    if (nums.exists(_.isEmpty) || parts.length > 2)
      Left(s"bad Decimal arguments '[$args]' (expected Decimal[precision] or Decimal[precision,scale])")
    else {
      val p = nums(0).get
      val s = if (nums.length == 2) nums(1).get else 0
      if (p < 1 || p > DecimalType.MAX_PRECISION || s < 0 || s > p)
        Left(s"bad Decimal[$p,$s]: need 1 <= precision <= ${DecimalType.MAX_PRECISION} and 0 <= scale <= precision")
      else Right(DecimalT(p, s))
    }
  }
}

/** One field of an SMV schema. */
final case class SmvSchemaField(name: String, smvType: SmvType)

/** How a CSV file is laid out (the schema file's `@` attribute lines). */
final case class CsvAttributes(delimiter: Char = ',', quoteChar: Char = '"', hasHeader: Boolean = false)

/** An SMV schema: fields in order, plus CSV attributes.
  *
  * File format (one entry a line; the same in Python's `smv/api/schema.py`):
  * {{{
  * # comment            // comment too; blank lines are ignored
  * @has-header = true   (default false)
  * @delimiter = ,       (one character, or \t / tab; default ,)
  * @quote-char = "      (one character; default ")
  * id: String
  * amount: Decimal[10,2]
  * day: Date[yyyyMMdd]
  * }}}
  * Types: String, Integer, Long, Float, Double, Boolean, Decimal[p,s], Date[format],
  * Timestamp[format] (type names case-insensitive). The string form used by
  * SmvCsvStringData separates entries with ';' ("id:String; v:Integer").
  */
final case class SmvSchema(fields: Seq[SmvSchemaField], attributes: CsvAttributes = CsvAttributes()) {
  def toStructType: StructType = StructType(fields.map(f => StructField(f.name, f.smvType.sparkType, nullable = true)))

  /** Canonical text (for hashing and messages). */
  def canonical: String =
    (Seq(s"@has-header = ${attributes.hasHeader}", s"@delimiter = ${SmvSchema.showChar(attributes.delimiter)}",
      s"@quote-char = ${SmvSchema.showChar(attributes.quoteChar)}") ++
      fields.map(f => s"${f.name}: ${f.smvType.text}")).mkString("\n")
}

object SmvSchema {
  private val FieldName = """^[A-Za-z_][A-Za-z0-9_]*$""".r
  private val Attribute = """^@([A-Za-z-]+)\s*=\s*(.*)$""".r

  private def showChar(c: Char): String = if (c == '\t') "\\t" else c.toString

  /** Parses a schema file's text; `source` names it in errors. */
  def parseFile(text: String, source: String): SmvSchema = {
    var attrs = CsvAttributes()
    val fields = Seq.newBuilder[SmvSchemaField]
    text.split("\r?\n", -1).zipWithIndex.foreach { case (raw, i) =>
      val line = raw.trim
      val lineNo = i + 1
      if (line.isEmpty || line.startsWith("#") || line.startsWith("//")) ()
      else if (line.startsWith("@")) attrs = attribute(attrs, line, source, lineNo)
      else fields += field(line.stripSuffix(";").trim, source, lineNo)
    }
    build(fields.result(), attrs, source)
  }

  /** Parses the string form "id:String; v:Integer". */
  def parseString(text: String, source: String): SmvSchema = {
    val entries = text.split(";").map(_.trim).filter(_.nonEmpty)
    build(entries.toSeq.zipWithIndex.map { case (e, i) => field(e, source, -(i + 1)) }, CsvAttributes(), source)
  }

  private def build(fields: Seq[SmvSchemaField], attrs: CsvAttributes, source: String): SmvSchema = {
    if (fields.isEmpty) throw new SmvSchemaException(source, 0, "no fields")
    val dups = fields.groupBy(_.name.toLowerCase).collect { case (_, fs) if fs.size > 1 => fs.head.name }
    if (dups.nonEmpty) throw new SmvSchemaException(source, 0, s"duplicate field(s): ${dups.toSeq.sorted.mkString(", ")}")
    SmvSchema(fields, attrs)
  }

  private def field(entry: String, source: String, lineNo: Int): SmvSchemaField = {
    def fail(detail: String) =
      throw new SmvSchemaException(source, math.max(lineNo, 0),
        if (lineNo < 0) s"entry ${-lineNo} '$entry': $detail" else s"'$entry': $detail")
    val colon = entry.indexOf(':')
    if (colon < 0) fail("expected 'name: Type'")
    val name = entry.substring(0, colon).trim
    if (!FieldName.matches(name)) fail(s"bad field name '$name' (letters, digits and _ only)")
    SmvType.parse(entry.substring(colon + 1)) match {
      case Right(t) => SmvSchemaField(name, t)
      case Left(detail) => fail(detail)
    }
  }

  private def attribute(attrs: CsvAttributes, line: String, source: String, lineNo: Int): CsvAttributes = {
    def fail(detail: String) = throw new SmvSchemaException(source, lineNo, s"'$line': $detail")
    line match {
      case Attribute(key, rawValue) =>
        val value = rawValue.trim
        key.toLowerCase match {
          case "has-header" => value.toLowerCase match {
            case "true" => attrs.copy(hasHeader = true)
            case "false" => attrs.copy(hasHeader = false)
            case _ => fail("expected true or false")
          }
          case "delimiter" => attrs.copy(delimiter = oneChar(value, fail))
          case "quote-char" => attrs.copy(quoteChar = oneChar(value, fail))
          case other => fail(s"unknown attribute '@$other' (expected @has-header, @delimiter, @quote-char)")
        }
      case _ => fail("expected '@attribute = value'")
    }
  }

  private def oneChar(value: String, fail: String => Nothing): Char = value match {
    case "\\t" | "tab" => '\t'
    case v if v.length == 1 => v.head
    case _ => fail("expected one character (or \\t)")
  }
}
