package smv.helpers

import smv.helpers.ArgumentCheck.check

import org.apache.spark.sql.{Column, DataFrame, RelationalGroupedDataset}
import org.apache.spark.sql.expressions.{Window, WindowSpec}
import org.apache.spark.sql.functions._
import org.apache.spark.sql.types.DoubleType
import smv.helpers.panel.{PartialTime, TimePanel}

/** The result of `df.smvGroupBy(keys)`: SMV 2.2's operations on each group of rows sharing the keys.
  *
  * Each is built on Spark's own operators (window functions, aggregation, joins), so it runs
  * where the data is; only `smvPivot*` without labels collects anything (the distinct labels).
  */
final class SmvGroupedData private[helpers] (val df: DataFrame, val keys: Seq[String]) {
  check(keys.nonEmpty, "smvGroupBy needs at least one key column")

  private def keyCols: Seq[Column] = keys.map(df(_))
  private def group: WindowSpec = Window.partitionBy(keyCols: _*)
  private def unique(name: String): String = SmvGroupedData.uniqueName(df.columns.toSeq, name)

  /** The grouped rows as they are. */
  def toDF: DataFrame = df

  /** Spark's own grouped data over the same keys. */
  def toGroupedData: RelationalGroupedDataset = df.groupBy(keyCols: _*)

  /** Spark's aggregation per group: the keys, then the aggregates. */
  def agg(expr: Column, exprs: Column*): DataFrame = toGroupedData.agg(expr, exprs: _*)

  /** The first `maxElems` rows of each group in the given order, e.g. `smvTopNRecs(3, $"amt".desc)`. */
  def smvTopNRecs(maxElems: Int, orders: Column*): DataFrame = {
    check(orders.nonEmpty, "smvTopNRecs(maxElems, orders*) needs at least one order column, e.g. col(\"amt\").desc")
    val rowNum = unique("rownum")
    df.withColumn(rowNum, row_number().over(group.orderBy(orders: _*))).where(col(rowNum) <= maxElems).drop(rowNum)
  }

  /** One output column per value column and pivot label (`count_5_14_A`), N rows in and N out, with
    * the keys; see `Pivot`. Without `baseOutput` the labels are read from the data (a Spark job).
    */
  def smvPivot(pivotCols: Seq[String]*)(valueCols: String*)(baseOutput: String*): SmvGroupedData =
    new SmvGroupedData(pivot(df, pivotCols, valueCols, baseOutput).pivoted(df, keys), keys)

  /** `smvPivot`, then each output column summed per group: one row per group (null where a group has no value). */
  def smvPivotSum(pivotCols: Seq[String]*)(valueCols: String*)(baseOutput: String*): DataFrame = {
    val p = pivot(df, pivotCols, valueCols, baseOutput)
    aggregated(p.pivoted(df, keys), p.outCols.map(c => sum(col(c)).as(c)))
  }

  /** `smvPivot`, then the first non-null value of each output column per group. With no pivot
    * columns, the rows' rank in the group (0, 1, ... ordered by the value columns) is the label.
    */
  def smvPivotCoalesce(pivotCols: Seq[String]*)(valueCols: String*)(baseOutput: String*): DataFrame = {
    val (source, sets) =
      if (pivotCols.nonEmpty) (df, pivotCols)
      else {
        val rank = unique("pivot")
        val ranked = df.withColumn(rank, row_number().over(group.orderBy(valueCols.map(df(_).asc): _*)) - 1)
        (ranked, Seq(Seq(rank)))
      }
    val p = pivot(source, sets, valueCols, baseOutput)
    aggregated(p.pivoted(source, keys), p.outCols.map(c => first(col(c), ignoreNulls = true).as(c)))
  }

  /** Each null of `values` replaced by the last non-null value before it in its group, in the given order. */
  def smvFillNullWithPrevValue(orders: Column*)(values: String*): DataFrame = {
    check(orders.nonEmpty, "smvFillNullWithPrevValue(orders*)(values*) needs at least one order column")
    check(values.nonEmpty, "smvFillNullWithPrevValue(orders*)(values*) needs at least one value column")
    values.foreach(df(_)) // Spark's error for a column that does not exist
    val w = group.orderBy(orders: _*).rowsBetween(Window.unboundedPreceding, Window.currentRow)
    df.select(df.columns.toSeq.map(c => if (values.contains(c)) last(df(c), ignoreNulls = true).over(w).as(c) else df(c)): _*)
  }

  /** The rows hash-partitioned by the keys into `numParts` partitions, so each holds only its keys' rows. */
  def smvRePartition(numParts: Int): SmvGroupedData = {
    check(numParts > 0, s"smvRePartition(numParts) needs a positive number of partitions, not $numParts")
    new SmvGroupedData(df.repartition(numParts, keyCols: _*), keys)
  }

  /** Each row with its period (column `smvTime`, or `_smvTime` if taken) of the time panel `start` to
    * `end`, rows outside the panel dropped, plus a row per key and period the group lacks (keys and
    * `smvTime` set, the other columns null).
    */
  def smvWithTimePanel(timeColName: String, start: PartialTime, end: PartialTime): DataFrame =
    TimePanel(start, end).addToDF(df, timeColName, keys, unique("smvTime"))

  /** `smvWithTimePanel`, then the aggregates per key and period: the keys, `smvTime`, the aggregates. */
  def smvTimePanelAgg(timeColName: String, start: PartialTime, end: PartialTime)(aggCols: Column*): DataFrame = {
    check(aggCols.nonEmpty, "smvTimePanelAgg(timeCol, start, end)(aggs*) needs at least one aggregate, e.g. sum(\"amt\")")
    val timeCol = unique("smvTime")
    val withPanel = TimePanel(start, end).addToDF(df, timeColName, keys, timeCol)
    withPanel.groupBy((keys :+ timeCol).map(withPanel(_)): _*).agg(aggCols.head, aggCols.tail: _*)
  }

  /** Adds `<v>_pctrnk`, the percent rank (rank from 0 / (n - 1)) of each value column within its group.
    * With `ignoreNull` nulls are left out of the ranking and get null; else they rank first (0.0).
    */
  def smvPercentRank(valueCols: Seq[String], ignoreNull: Boolean = true): DataFrame = {
    check(valueCols.nonEmpty, "smvPercentRank(valueCols, ignoreNull) needs at least one value column")
    val ranks = valueCols.map { c =>
      val v = df(c)
      val rank =
        if (ignoreNull) when(v.isNull, lit(null).cast(DoubleType))
          .otherwise(percent_rank().over(Window.partitionBy((keyCols :+ v.isNull): _*).orderBy(v)))
        else percent_rank().over(group.orderBy(v))
      rank.as(unique(s"${c}_pctrnk"))
    }
    df.select((df.columns.toSeq.map(df(_)) ++ ranks): _*)
  }

  /** Adds `<v>_quantile`, the bin (1 to `numBins`) of each value column's percent rank p within its
    * group: min(floor(p * numBins) + 1, numBins) (R-7 of the quantile estimates); null for a null rank.
    */
  def smvQuantile(valueCols: Seq[String], numBins: Int, ignoreNull: Boolean = true): DataFrame = {
    check(numBins >= 2, s"smvQuantile(valueCols, numBins, ignoreNull) needs numBins of 2 or more, not $numBins")
    val ranked = smvPercentRank(valueCols, ignoreNull)
    val rankNames = valueCols.map(c => unique(s"${c}_pctrnk"))
    val bins = valueCols.zip(rankNames).map { case (c, r) =>
      when(col(r).isNotNull, least(floor(col(r) * numBins + 1).cast("int"), lit(numBins))).as(unique(s"${c}_quantile"))
    }
    ranked.select((df.columns.toSeq.map(ranked(_)) ++ bins): _*)
  }

  /** `smvQuantile(valueCols, 10, ignoreNull)`. */
  def smvDecile(valueCols: Seq[String], ignoreNull: Boolean = true): DataFrame = smvQuantile(valueCols, 10, ignoreNull)

  private def pivot(source: DataFrame, sets: Seq[Seq[String]], valueCols: Seq[String], baseOutput: Seq[String]): Pivot =
    Pivot(sets, valueCols, if (baseOutput.nonEmpty || sets.isEmpty) baseOutput else Pivot.labelsIn(source, sets))

  private def aggregated(pivoted: DataFrame, aggs: Seq[Column]): DataFrame =
    pivoted.groupBy(keys.map(pivoted(_)): _*).agg(aggs.head, aggs.tail: _*)
}

object SmvGroupedData {
  /** `name`, or with `_` prepended until no column has it (SMV's rule for the columns it adds). */
  def uniqueName(columns: Seq[String], name: String): String =
    Iterator.iterate(name)("_" + _).find(n => !columns.contains(n)).get

  /** Groups `df` by key columns (names or expressions; an expression not yet a column is added under its name). */
  def apply(df: DataFrame, keyCols: Seq[Column]): SmvGroupedData = {
    check(keyCols.nonEmpty, "smvGroupBy(keys*) needs at least one key column")
    val names = df.select(keyCols: _*).columns.toSeq
    val withKeys = keyCols.zip(names).foldLeft(df) { case (d, (c, n)) => if (d.columns.contains(n)) d else d.withColumn(n, c) }
    new SmvGroupedData(withKeys, names)
  }
}
