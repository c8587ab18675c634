package smv.helpers

import java.nio.file.Files

import org.apache.spark.sql.{AnalysisException, DataFrame}
import org.apache.spark.sql.functions._
import org.apache.spark.sql.types.IntegerType
import org.scalatest.funsuite.AnyFunSuite
import smv.SparkSuite

import org.tresamigos.smv._
import org.tresamigos.smv.smvfuncs._

/** Every DataFrame, Column and function helper from Scala, on the cases tests/helpers/ runs from Python. */
class DataFrameHelpersSpec extends AnyFunSuite with SparkSuite {
  private lazy val t: Map[String, DataFrame] = HelperCases.tables(spark)

  /** The same calls as tests/helpers/cases.py, by the expected file's name. */
  private lazy val calls: Map[String, () => DataFrame] = Map(
    "smvSelectPlus" -> (() => t("left").smvSelectPlus((col("v") * 2).as("v2"))),
    "smvSelectMinus" -> (() => t("left").smvSelectMinus("v", "w")),
    "smvRenameField" -> (() => t("left").smvRenameField("v" -> "vv", "w" -> "ww")),
    "smvPrefixFieldNames" -> (() => t("third").smvPrefixFieldNames("x_")),
    "smvExpandStruct" -> (() => t("addr").smvExpandStruct("address")),
    "smvUnion" -> (() => t("left").smvUnion(t("right"))),
    "smvJoinByKey_inner" -> (() => t("left").smvJoinByKey(t("right"), Seq("k"), "inner")),
    "smvJoinByKey_outer" -> (() => t("left").smvJoinByKey(t("right"), Seq("k"), "outer")),
    "smvSkewJoinByKey" -> (() => t("left").smvSkewJoinByKey(t("right"), "inner", Seq("a"), "k")),
    "smvJoinMultipleByKey" -> (() => t("left").smvJoinMultipleByKey(Seq("k"), "inner")
      .joinWith(t("right"), "_r").joinWith(t("third"), "_t", "leftouter").doJoin()),
    "smvJoinMultipleByKey_dropExtra" -> (() => t("left").smvJoinMultipleByKey(Seq("k"), "inner")
      .joinWith(t("right"), "_r").joinWith(t("third"), "_t", "leftouter").doJoin(true)),
    "smvDedupByKey" -> (() => t("products").smvDedupByKey("id")),
    "smvDedupByKey_two_keys" -> (() => t("products").smvDedupByKey(col("id"), col("product"))),
    "smvDedupByKeyWithOrder" -> (() => t("products").smvDedupByKeyWithOrder("id")(col("product").desc, col("company"))),
    "smvUnpivot" -> (() => t("xyz").smvUnpivot("X", "Y", "Z")),
    "smvUnpivotRegex" -> (() => t("wide").smvUnpivotRegex(Seq("A_1", "A_2", "B_1", "B_2"), "(.*)_(.*)", "index")),
    "smvHashSample" -> (() => t("ids").smvHashSample(col("id"), 0.5, 23)),
    "smvOverlapCheck" -> (() => t("left").smvOverlapCheck("k")(t("right"), t("third"))),
    "column_dates" -> (() => t("times").select(col("t").smvYear.as("y"), col("t").smvMonth.as("m"),
      col("t").smvQuarter.as("q"), col("t").smvDayOfMonth.as("dom"), col("t").smvDayOfWeek.as("dow"),
      col("t").smvHour.as("h"), col("t").smvDay70.as("d70"), col("t").smvMonth70.as("m70"))),
    "column_plus" -> (() => t("times").select(col("t").smvPlusDays(1).as("days"), col("t").smvPlusWeeks(1).as("weeks"),
      col("t").smvPlusMonths(1).as("months"), col("t").smvPlusYears(lit(1)).as("years"),
      col("s").smvStrToTimestamp("yyyy-MM-dd").as("parsed"))),
    "column_isin" -> (() => t("pairs").select(array(col("k"), col("v")).smvIsAllIn("a", "b", "c").as("all"),
      array(col("k"), col("v")).smvIsAnyIn("a", "b", "c").as("any"))),
    "functions_agg" -> (() => t("nums").groupBy("k").agg(smvFirst(col("v")).as("f"), smvFirst(col("v"), true).as("fnn"),
      array_sort(smvCollectSet(col("v"), IntegerType)).as("vals"))),
    "functions_row" -> (() => t("nums").select(col("k"), smvStrCat(col("v"), col("s")).as("cat"),
      smvStrCat("-", col("v"), col("s")).as("catsep"), smvHashKey("p_", col("k"), col("v")).as("hk"),
      smvArrayCat("|", array(col("k"), col("s"))).as("ac"),
      smvCreateLookUp(Map("a" -> 1), 0, IntegerType)(col("k")).as("lk"))),
    "functions_metrics" -> (() => t("strs").select(nGram2(col("a"), col("b")).as("ng2"), nGram3(col("a"), col("b")).as("ng3"),
      diceSorensen(col("a"), col("b")).as("dice"), normlevenshtein(col("a"), col("b")).as("lev"),
      jaroWinkler(col("a"), col("b")).as("jw")))
  )

  test("every shared case has a Scala call, and every call a case") {
    assert(calls.keySet == HelperCases.names("expected").toSet)
  }

  test("each helper gives the shared expected columns and rows") {
    for (name <- HelperCases.names("expected")) {
      val (actual, expected) = (calls(name)(), HelperCases.expected(spark, name))
      withClue(name + ": ") {
        assert(actual.columns.toSeq == expected.columns.toSeq)
        assert(HelperCases.rows(actual) == HelperCases.rows(expected))
      }
    }
  }

  test("helpers that return or print values: topNValsByFreq, smvDiscoverPK, smvGetColName, peek, smvDumpDF") {
    assert(t("products").topNValsByFreq(1, col("product")).toSeq == Seq("B"))
    val (keys, count) = t("products").smvDiscoverPK(100)
    assert(s"[${keys.mkString(", ")}], $count" == HelperCases.text("smvDiscoverPK"))
    assert((col("price") * 2).as("amt").smvGetColName == "amt" && col("a").smvGetColName == "a")
    assert(t("left").peekText(2) == HelperCases.text("peek"))
    assert(t("left").smvDumpDFText() == HelperCases.text("smvDumpDF"))
  }

  test("smvExportCsv and peekSave write local files") {
    val dir = tempDir("smv-helpers")
    t("left").smvExportCsv(dir.resolve("left.csv").toString, 2)
    assert(Files.readString(dir.resolve("left.csv")) == HelperCases.text("smvExportCsv") + "\n")
    assert(Files.readString(dir.resolve("left.schema")) == "k: String\nv: Integer\nw: String\n")
    t("left").peekSave(dir.resolve("peek.txt").toString, 2)
    assert(Files.readString(dir.resolve("peek.txt")) == HelperCases.text("peek") + "\n")
  }

  test("bad input: a missing column is Spark's error naming it; renaming onto a column names it") {
    val missing = intercept[AnalysisException](t("left").smvSelectMinus("nope"))
    assert(missing.getMessage.contains("nope"))
    assert(intercept[AnalysisException](t("left").smvDedupByKey("nope")).getMessage.contains("nope"))
    assert(intercept[AnalysisException](t("left").smvJoinByKey(t("third"), Seq("w"), "inner")).getMessage.contains("w"))
    val taken = intercept[IllegalArgumentException](t("left").smvRenameField("v" -> "w"))
    assert(taken.getMessage.contains("smvRenameField: cannot rename to 'w'"))
  }
}
