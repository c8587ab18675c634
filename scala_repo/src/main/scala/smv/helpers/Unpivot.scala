package smv.helpers

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions._

/** smvUnpivotRegex: columns named `<name><sep><index>` become one row per index. */
private[helpers] object Unpivot {
  def byRegex(df: DataFrame, valueCols: Seq[String], colNameFn: String, indexColName: String): DataFrame = {
    ColumnNames.requireAll(df, valueCols)
    val pattern = colNameFn.r
    val parsed = valueCols.map { c =>
      c match {
        case pattern(name, index) => (name, index) -> c
        case _ => throw new IllegalArgumentException(
          s"smvUnpivotRegex: column '$c' does not match '$colNameFn' (expected a regex of two groups: name, index)")
      }
    }
    val cells = parsed.toMap
    val names = parsed.map(_._1._1).distinct
    val indices = parsed.map(_._1._2).distinct.sortBy(i => (i.length, i))
    val indexField = Unique.name(names, "_smvUnpivot_index")
    val rowsPerIndex = indices.map { i =>
      struct(lit(i).as(indexField) +: names.map(n =>
        cells.get((n, i)).map(ColumnNames.resolve(df, _)).getOrElse(lit(null)).as(n)): _*)
    }
    val kept = df.columns.filterNot(valueCols.contains).toSeq
    val pair = Unique.name(df.columns.toSeq, "_smvUnpivot_row")
    val exploded = df.select(kept.map(ColumnNames.resolve(df, _)) :+ explode(array(rowsPerIndex: _*)).as(pair): _*)
    exploded.select(kept.map(k => col(ColumnNames.quoted(k))) ++
      (col(pair).getField(indexField).as(indexColName) +: names.map(n => col(pair).getField(n).as(n))): _*)
  }
}
