package smv
package csv

import java.sql.Date

import org.scalatest.funsuite.AnyFunSuite
import smv.repository.RunContext

class CsvReaderSpec extends AnyFunSuite with SparkSuite {

  private def ctx = RunContext("csv-test", spark)

  test("every row that fails to parse is counted and left out, with samples") {
    val schema = SmvSchema.parseString("id:String; n:Integer; d:Date[yyyyMMdd]", "t")
    val rr = CsvReader.readLines(ctx, Seq("a,1,20240131", "b,x,20240101", "c,3", "d,4,2024-01-01", "e,5,20240229,extra", "f,,"), schema)
    assert(rr.parserErrorCount == 4)
    assert(rr.parserErrorSamples.toSet == Set("b,x,20240101", "c,3", "d,4,2024-01-01", "e,5,20240229,extra"))
    val rows = rr.df.collect().map(r => (r.getString(0), r.get(1), r.get(2))).toSeq
    assert(rows == Seq(("a", 1, Date.valueOf("2024-01-31")), ("f", null, null)))
    assert(rr.df.columns.toSeq == Seq("id", "n", "d"))
  }

  test("files with header, delimiter and quote attributes") {
    val dir = tempDir()
    TestFiles.write(dir.resolve("p.csv"), "name|age|score\n'Smith| J'|42|1.5\nLee|17|2\n")
    val schema = SmvSchema.parseFile("@has-header = true\n@delimiter = |\n@quote-char = '\nname: String\nage: Integer\nscore: Decimal[4,1]", "p.schema")
    val rr = CsvReader.readFile(ctx, dir.resolve("p.csv").toString, schema)
    assert(rr.parserErrorCount == 0)
    assert(rr.df.collect().map(r => (r.getString(0), r.getInt(1), r.getDecimal(2).toString)).toSeq ==
      Seq(("Smith| J", 42, "1.5"), ("Lee", 17, "2.0")))
  }
}
