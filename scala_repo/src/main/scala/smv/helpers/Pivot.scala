package smv.helpers

import smv.helpers.ArgumentCheck.check

import org.apache.spark.sql.{Column, DataFrame}
import org.apache.spark.sql.functions._

/** SMV's pivot: value columns copied into one column per pivot label, `<value>_<label>`.
  *
  * A row's label for a set of pivot columns is their values as strings, each turned into a
  * column-name-safe word (runs of characters other than letters and digits become `_`, with no
  * `_` at either end; null is `null`), joined by `_`: month `5/14` and product `A` give `5_14_A`.
  */
private[helpers] final case class Pivot(pivotSets: Seq[Seq[String]], valueCols: Seq[String], baseOutput: Seq[String]) {
  check(pivotSets.nonEmpty && pivotSets.forall(_.nonEmpty), "smvPivot needs at least one set of pivot columns, e.g. Seq(\"month\", \"product\")")
  check(valueCols.nonEmpty, "smvPivot needs at least one value column")
  check(baseOutput.nonEmpty, "smvPivot needs the pivot labels (baseOutput), e.g. \"5_14_A\"; none were given and the data has none")

  /** The output columns, for each value column every label: `count_5_14_A`, ... */
  def outCols: Seq[String] = for (v <- valueCols; b <- baseOutput) yield s"${v}_$b"

  /** `keys` and one column per value and label: the value where the row's label is that label, else null. */
  def pivoted(df: DataFrame, keys: Seq[String]): DataFrame = {
    val labels = pivotSets.map(Pivot.label(df, _))
    val outputs = for (v <- valueCols; b <- baseOutput)
      yield when(labels.map(_ === lit(b)).reduce(_ || _), df(v)).as(s"${v}_$b")
    df.select((keys.map(df(_)) ++ outputs): _*)
  }
}

private[helpers] object Pivot {
  private def word(c: Column): Column =
    coalesce(regexp_replace(regexp_replace(c.cast("string"), "[^a-zA-Z0-9]+", "_"), "^_|_$", ""), lit("null"))

  def label(df: DataFrame, pivotCols: Seq[String]): Column = concat_ws("_", pivotCols.map(c => word(df(c))): _*)

  /** The labels present in the data, sorted, for each pivot set in turn.
    * Runs a Spark job and collects the distinct labels to the driver (they become column names).
    */
  def labelsIn(df: DataFrame, pivotSets: Seq[Seq[String]]): Seq[String] =
    pivotSets.flatMap(set => df.select(label(df, set)).distinct().collect().map(_.getString(0)).sorted.toSeq)
}
