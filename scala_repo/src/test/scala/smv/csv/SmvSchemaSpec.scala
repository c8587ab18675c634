package smv
package csv

import org.apache.spark.sql.types._
import org.scalatest.funsuite.AnyFunSuite

class SmvSchemaSpec extends AnyFunSuite {

  test("a schema file: attributes, comments, every type") {
    val s = SmvSchema.parseFile(
      """# a comment
        |// another
        |@has-header = true
        |@delimiter = |
        |@quote-char = '
        |
        |id: String
        |n: Integer;
        |big: Long
        |f: Float
        |d: Double
        |ok: boolean
        |amount: Decimal[12,2]
        |whole: Decimal[5]
        |day: Date[yyyyMMdd]
        |at: Timestamp[yyyy-MM-dd HH:mm]
        |plainDay: Date
        |""".stripMargin, "test.schema")
    assert(s.attributes == CsvAttributes('|', '\'', hasHeader = true))
    assert(s.fields.map(_.name) == Seq("id", "n", "big", "f", "d", "ok", "amount", "whole", "day", "at", "plainDay"))
    assert(s.toStructType.map(_.dataType) == Seq(StringType, IntegerType, LongType, FloatType, DoubleType, BooleanType,
      DecimalType(12, 2), DecimalType(5, 0), DateType, TimestampType, DateType))
    assert(s.fields(8).smvType == SmvType.DateT("yyyyMMdd"))
    assert(s.fields(10).smvType == SmvType.DateT("yyyy-MM-dd"))
  }

  test("tab delimiter and defaults") {
    assert(SmvSchema.parseFile("@delimiter = \\t\na: String", "t").attributes.delimiter == '\t')
    assert(SmvSchema.parseFile("a: String", "t").attributes == CsvAttributes(',', '"', hasHeader = false))
  }

  test("the string form of SmvCsvStringData") {
    val s = SmvSchema.parseString("id:String; v:Integer", "inline")
    assert(s.fields == Seq(SmvSchemaField("id", SmvType.StringT), SmvSchemaField("v", SmvType.IntegerT)))
  }

  test("errors name the source, the line and what is wrong") {
    val unknown = intercept[SmvSchemaException](SmvSchema.parseFile("a: String\nb: Strnig\n", "x/y.schema"))
    assert(unknown.getMessage.contains("x/y.schema line 2") && unknown.getMessage.contains("unknown type 'Strnig'"))
    val noColon = intercept[SmvSchemaException](SmvSchema.parseFile("\n\nabc\n", "s"))
    assert(noColon.getMessage.contains("line 3") && noColon.getMessage.contains("expected 'name: Type'"))
    val attr = intercept[SmvSchemaException](SmvSchema.parseFile("@header = true\na: String", "s"))
    assert(attr.getMessage.contains("unknown attribute '@header'"))
    val dec = intercept[SmvSchemaException](SmvSchema.parseString("a: Decimal[2,5]", "s"))
    assert(dec.getMessage.contains("Decimal[2,5]"))
    val dup = intercept[SmvSchemaException](SmvSchema.parseString("a: String; A: Integer", "s"))
    assert(dup.getMessage.contains("duplicate"))
    assert(intercept[SmvSchemaException](SmvSchema.parseFile("# only comments", "s")).getMessage.contains("no fields"))
  }

  test("schema file names: the data file's extension (and .gz) becomes .schema") {
    assert(SmvCsvFile.schemaPathFor("dir/acct.csv") == "dir/acct.schema")
    assert(SmvCsvFile.schemaPathFor("dir/acct.csv.gz") == "dir/acct.schema")
    assert(SmvCsvFile.schemaPathFor("dir.v2/acct") == "dir.v2/acct.schema")
  }
}
