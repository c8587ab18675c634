package smv.helpers

import java.nio.file.{Files, Path}

import org.apache.spark.sql.{Column, DataFrame, SparkSession}
import org.apache.spark.sql.functions.{col, expr}
import org.json4s._
import org.json4s.jackson.JsonMethods.parse
import smv._
import smv.helpers.panel._

/** Reads tests/fixtures/helpers/grouped/\*.json, the cases both languages' tests run (see
  * tests/helpers/grouped_cases.py for the Python twin), and runs them from Scala.
  */
object GroupedCases {
  implicit val formats: Formats = DefaultFormats
  type Rows = Seq[Seq[String]]

  private val dir: Path = Path.of(sys.props("user.dir"), "tests", "fixtures", "helpers", "grouped")

  def load(name: String): JValue = parse(Files.readString(dir.resolve(name)))

  def inputDF(spark: SparkSession, spec: JValue): DataFrame = {
    val schema = (spec \ "schema").extract[String].split(",").toSeq.map(_.trim.split(" ", 2)).map(a => (a(0), a(1)))
    val rows = (spec \ "rows").extract[List[List[Option[String]]]].map(r => org.apache.spark.sql.Row(r.map(_.orNull): _*))
    val strings = spark.createDataFrame(
      spark.sparkContext.parallelize(rows, 1),
      org.apache.spark.sql.types.StructType.fromDDL(schema.map { case (n, _) => s"$n string" }.mkString(", ")))
    strings.select(schema.map { case (n, t) => col(n).cast(t).as(n) }: _*)
  }

  /** A result's columns and rows as Spark renders them as strings, rows sorted. */
  def rendered(df: DataFrame): (Seq[String], Rows) = {
    val positional = df.toDF(df.columns.indices.map(i => s"c$i"): _*) // names may repeat
    val rows = positional.select(positional.columns.toSeq.map(c => col(c).cast("string")): _*).collect().toSeq
      .map(r => r.toSeq.map(v => if (v == null) null else v.toString))
    (df.columns.toSeq, sortRows(rows))
  }

  def sortRows(rows: Rows): Rows = rows.sortBy(_.map(v => if (v == null) "" else "\u0001" + v).mkString("\u0000"))

  def expectedRows(v: JValue): Rows = v.extract[List[List[Option[String]]]].map(_.map(_.orNull))

  def period(spec: JValue): PartialTime = spec match {
    case JObject(List((kind, JArray(args)))) =>
      def i(n: Int) = args(n).extract[Int]
      kind match {
        case "Quarter" => Quarter(i(0), i(1))
        case "Month" => Month(i(0), i(1))
        case "Day" => Day(i(0), i(1), i(2))
        case "Week" => if (args.size > 3) Week(i(0), i(1), i(2), args(3).extract[String]) else Week(i(0), i(1), i(2))
        case other => throw new IllegalArgumentException(s"panels: unknown period kind $other")
      }
    case other => throw new IllegalArgumentException(s"panels: a period is {\"Kind\": [args]}, not $other")
  }

  private def order(spec: String): Column = spec.split(" ") match {
    case Array(n, "desc") => col(n).desc
    case Array(n, _*) => col(n).asc
  }

  /** `df.smvGroupBy(keys).<call>(...)` with the case's arguments. */
  def runCase(df: DataFrame, keys: Seq[String], call: String, args: JValue): DataFrame = {
    val grouped = df.smvGroupBy(keys.head, keys.tail: _*)
    def strings(name: String) = (args \ name).extract[List[String]]
    def pivotSets = (args \ "pivotCols").extract[List[List[String]]]
    lazy val aggs = strings("aggs").map(a => expr(a))
    def ignoreNull = (args \ "ignoreNull").extract[Boolean]
    call match {
      case "smvPivot" => grouped.smvPivot(pivotSets: _*)(strings("valueCols"): _*)(strings("baseOutput"): _*).toDF
      case "smvPivotSum" => grouped.smvPivotSum(pivotSets: _*)(strings("valueCols"): _*)(strings("baseOutput"): _*)
      case "smvPivotCoalesce" => grouped.smvPivotCoalesce(pivotSets: _*)(strings("valueCols"): _*)(strings("baseOutput"): _*)
      case "smvTopNRecs" => grouped.smvTopNRecs((args \ "maxElems").extract[Int], strings("orders").map(order): _*)
      case "smvFillNullWithPrevValue" => grouped.smvFillNullWithPrevValue(strings("orders").map(order): _*)(strings("values"): _*)
      case "smvRePartition" => grouped.smvRePartition((args \ "numParts").extract[Int]).agg(aggs.head, aggs.tail: _*)
      case "agg" => grouped.agg(aggs.head, aggs.tail: _*)
      case "smvWithTimePanel" =>
        grouped.smvWithTimePanel((args \ "timeCol").extract[String], period(args \ "start"), period(args \ "end"))
      case "smvTimePanelAgg" =>
        grouped.smvTimePanelAgg((args \ "timeCol").extract[String], period(args \ "start"), period(args \ "end"))(aggs: _*)
      case "smvPercentRank" => grouped.smvPercentRank(strings("valueCols"), ignoreNull)
      case "smvQuantile" => grouped.smvQuantile(strings("valueCols"), (args \ "numBins").extract[Int], ignoreNull)
      case "smvDecile" => grouped.smvDecile(strings("valueCols"), ignoreNull)
      case other => throw new IllegalArgumentException(s"grouped.json: unknown call $other")
    }
  }
}
