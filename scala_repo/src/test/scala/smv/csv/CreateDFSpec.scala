package smv
package csv

import java.sql.Timestamp

import org.apache.spark.sql.types._
import org.scalatest.funsuite.AnyFunSuite

class CreateDFSpec extends AnyFunSuite with AppFixture {

  test("SmvApp.createDF reads SMV's schema string: types, formats, nulls and quoting") {
    withApp(Seq("smv.testapp.chain")) { app =>
      val df = app.createDF("a:String; b:Integer; c:Timestamp[yyyy-MM-dd]; d:Decimal[5,2]; e:Boolean",
        "x,1,2015-09-30,1.5,true;y,2,,,;\"q,r\",,2016-01-02,-3.25,false")
      assert(df.schema.map(_.dataType) == Seq(StringType, IntegerType, TimestampType, DecimalType(5, 2), BooleanType))
      val rows = df.collect().map(r => (r.getString(0), r.get(1), r.get(2), Option(r.getDecimal(3)).map(_.toString), r.get(4))).toSeq
      assert(rows == Seq(
        ("x", 1, Timestamp.valueOf("2015-09-30 00:00:00"), Some("1.50"), true),
        ("y", 2, null, None, null),
        ("q,r", null, Timestamp.valueOf("2016-01-02 00:00:00"), Some("-3.25"), false)))
    }
  }

  test("an unknown type, a malformed entry or a record that does not fit is one sentence naming it") {
    val unknown = intercept[SmvSchemaException](CsvFrames.createDF(spark, "a:String; b:Intger", "x,1"))
    assert(unknown.getMessage.contains("unknown type 'Intger'"), unknown.getMessage)
    val malformed = intercept[SmvSchemaException](CsvFrames.createDF(spark, "a String", "x"))
    assert(malformed.getMessage.contains("'a String': expected 'name: Type'"), malformed.getMessage)
    val misfit = intercept[SmvException](CsvFrames.createDF(spark, "a:String; b:Integer", "x,1;y,two"))
    assert(misfit.getMessage ==
      "createDF: the data does not fit the schema 'a:String; b:Integer': 1 record(s) do not parse, e.g. 'y,two'")
  }
}
