package smv.helpers

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions.{coalesce, concat, count, lit}

import smv.helpers.edd.{EddCompare, EddResult, EddRun, EddTasks, Hist}

/** EDD (SMV's Extended Data Dictionary): summary statistics and histograms, printed as SMV's
  * text report (`smvEdd`, `smvHist`, ...), saved (`smvEddSave(cols)(path)`, ...) or returned as a
  * DataFrame of the same figures (`smvEddDF`, `smvHistDF`, ...). Every call scans the data in one
  * Spark job. The `edd*` methods return the `EddResult` itself (what Python's proxies call).
  */
final class EddHelpers(val df: DataFrame) {

  def eddSummary(cols: String*): EddResult = EddRun(df, EddTasks.summary(df, cols, "smvEdd"))

  def eddHist(cols: String*): EddResult = histogram("smvHist", cols.map(Hist(_)))

  def eddFreqHist(cols: String*): EddResult = histogram("smvFreqHist", cols.map(Hist(_, sortByFreq = true)))

  def eddBinHist(colWithBin: (String, Double)*): EddResult =
    histogram("smvBinHist", colWithBin.map { case (c, bin) => Hist(c, binSize = bin) })

  def eddConcatHist(colSeqs: Seq[String]*): EddResult = {
    val joined = colSeqs.filter(_.size > 1).map { cols =>
      val parts = cols.map(c => coalesce(df(c).cast("string"), lit("")))
      concat(parts.head +: parts.tail.flatMap(p => Seq(lit("_"), p)): _*).as(cols.mkString("_"))
    }
    val withKeys = if (joined.isEmpty) df else df.select(df.columns.map(df(_)).toSeq ++ joined: _*)
    new EddHelpers(withKeys).histogram("smvConcatHist", colSeqs.map(cols => Hist(cols.mkString("_"))))
  }

  def eddCountHist(keys: Seq[String], binSize: Int): EddResult = {
    if (keys.isEmpty) throw new IllegalArgumentException("smvCountHist needs at least one key column: smvCountHist(keys, binSize)")
    val name = ("N" +: keys).mkString("_")
    val counts = df.groupBy(keys.map(df(_)): _*).agg(count(lit(1)).as(name))
    new EddHelpers(counts).histogram("smvCountHist", Seq(Hist(name, binSize = binSize.toDouble)))
  }

  /** "Matched", or "Not Match" and the figures that differ, of the two DataFrames' EDD summaries. */
  def eddCompare(df2: DataFrame, ignoreColName: Boolean): String = {
    val other = if (!ignoreColName) df2 else {
      if (df2.columns.length != df.columns.length) throw new IllegalArgumentException(
        s"smvEddCompare with ignoreColName needs DataFrames of as many columns: ${df.columns.length} vs. ${df2.columns.length}")
      df2.toDF(df.columns.toSeq: _*)
    }
    EddCompare(eddSummary(), new EddHelpers(other).eddSummary())
  }

  private def histogram(helper: String, hists: Seq[Hist]): EddResult = {
    if (hists.isEmpty) throw new IllegalArgumentException(s"$helper needs at least one column")
    EddRun(df, EddTasks.histogram(df, hists, helper))
  }

  def smvEdd(cols: String*): Unit = eddSummary(cols: _*).eddShow()
  def smvEddDF(cols: String*): DataFrame = eddSummary(cols: _*).toDF
  def smvEddSave(cols: String*)(path: String): Unit = eddSummary(cols: _*).saveReport(path)

  def smvHist(cols: String*): Unit = eddHist(cols: _*).eddShow()
  def smvHistDF(cols: String*): DataFrame = eddHist(cols: _*).toDF
  def smvHistSave(cols: String*)(path: String): Unit = eddHist(cols: _*).saveReport(path)

  def smvFreqHist(cols: String*): Unit = eddFreqHist(cols: _*).eddShow()
  def smvFreqHistDF(cols: String*): DataFrame = eddFreqHist(cols: _*).toDF
  def smvFreqHistSave(cols: String*)(path: String): Unit = eddFreqHist(cols: _*).saveReport(path)

  def smvBinHist(colWithBin: (String, Double)*): Unit = eddBinHist(colWithBin: _*).eddShow()
  def smvBinHistDF(colWithBin: (String, Double)*): DataFrame = eddBinHist(colWithBin: _*).toDF
  def smvBinHistSave(colWithBin: (String, Double)*)(path: String): Unit = eddBinHist(colWithBin: _*).saveReport(path)

  def smvConcatHist(cols: Seq[String]*): Unit = eddConcatHist(cols: _*).eddShow()
  def smvConcatHistDF(cols: Seq[String]*): DataFrame = eddConcatHist(cols: _*).toDF
  def smvConcatHistSave(cols: Seq[String]*)(path: String): Unit = eddConcatHist(cols: _*).saveReport(path)

  def smvCountHist(keys: Seq[String], binSize: Int = 1): Unit = eddCountHist(keys, binSize).eddShow()
  def smvCountHist(key: String): Unit = smvCountHist(Seq(key))
  def smvCountHistDF(keys: Seq[String], binSize: Int): DataFrame = eddCountHist(keys, binSize).toDF
  def smvCountHistSave(keys: Seq[String], binSize: Int)(path: String): Unit = eddCountHist(keys, binSize).saveReport(path)

  def smvEddCompare(df2: DataFrame, ignoreColName: Boolean = false): Unit = println(eddCompare(df2, ignoreColName))
}
