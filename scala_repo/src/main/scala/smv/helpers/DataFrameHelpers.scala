package smv.helpers

import org.apache.spark.sql.{Column, DataFrame}
import org.apache.spark.sql.expressions.Window
import org.apache.spark.sql.functions._
import org.apache.spark.sql.types.StructType

/** SMV's DataFrame helpers (smvSelectPlus, smvJoinByKey, smvDedupByKey, ...), SMV 2.2's names and
  * argument forms, built on Spark's own operators. The Python helpers call these through py4j.
  */
final class DataFrameHelpers(val df: DataFrame) {
  import ColumnNames.{quoted, requireAll, resolve}

  /** Every current column plus `exprs`, added at the end: `df.smvSelectPlus($"price" * $"count" as "amt")`. */
  def smvSelectPlus(exprs: Column*): DataFrame = df.select(df.columns.map(resolve(df, _)).toSeq ++ exprs: _*)

  /** Every current column but the named ones: `df.smvSelectMinus("col1", "col2")`. */
  def smvSelectMinus(name: String, others: String*): DataFrame = {
    val names = name +: others
    requireAll(df, names)
    df.drop(names: _*)
  }

  /** Every current column but the given ones: `df.smvSelectMinus($"col1", $"col2")`. */
  def smvSelectMinus(cols: Column*): DataFrame = {
    val names = cols.map(ColumnNames.of)
    smvSelectMinus(names.head, names.tail: _*)
  }

  /** Renames columns, keeping their metadata: `df.smvRenameField("a" -> "aa", "b" -> "bb")`. */
  def smvRenameField(namePairs: (String, String)*): DataFrame = {
    requireAll(df, namePairs.map(_._1))
    val existing = df.columns.map(_.toLowerCase).toSet
    namePairs.map(_._2).find(n => existing.contains(n.toLowerCase)).foreach { taken =>
      throw new IllegalArgumentException(
        s"smvRenameField: cannot rename to '$taken', the DataFrame already has a column of that name " +
          s"(its columns: ${df.columns.mkString(", ")})")
    }
    val renames = namePairs.toMap
    df.select(df.columns.map(c => resolve(df, c).as(renames.getOrElse(c, c))).toSeq: _*)
  }

  /** Puts `prefix` before every column name: `df.smvPrefixFieldNames("x_")`. */
  def smvPrefixFieldNames(prefix: String): DataFrame =
    df.select(df.columns.map(c => resolve(df, c).as(prefix + c)).toSeq: _*)

  /** Replaces struct columns by their fields, added at the end: `df.smvExpandStruct("address")`. */
  def smvExpandStruct(colNames: String*): DataFrame = {
    requireAll(df, colNames)
    val fields = colNames.flatMap { n =>
      df.schema(n).dataType match {
        case s: StructType => s.fieldNames.toSeq.map(f => resolve(df, n).getField(f).as(f))
        case other =>
          throw new IllegalArgumentException(s"smvExpandStruct: column '$n' is ${other.simpleString}, not a struct")
      }
    }
    smvSelectPlus(fields: _*).drop(colNames: _*)
  }

  /** Union by column name; a column missing on one side is null there: `df.smvUnion(df2, df3)`. */
  def smvUnion(dfothers: DataFrame*): DataFrame =
    dfothers.foldLeft(df)((acc, other) => acc.unionByName(other, allowMissingColumns = true))

  /** Join on same-named keys, keeping one copy of them (the left's, coalesced with the right's in
    * outer joins); a right column whose name the left has gets a "_" prefix:
    * `df1.smvJoinByKey(df2, Seq("k"), "inner")`.
    */
  def smvJoinByKey(other: DataFrame, keys: Seq[String], joinType: String): DataFrame =
    KeyJoin(df, other, keys, joinType, "_" + _)._1

  /** A join of several DataFrames on the same keys:
    * `df.smvJoinMultipleByKey(Seq("k"), "inner").joinWith(df2, "_df2").doJoin()`.
    */
  def smvJoinMultipleByKey(keys: Seq[String], joinType: String): SmvMultiJoin =
    SmvMultiJoin(df, keys, joinType)

  /** smvJoinByKey that broadcasts the rows whose `key` is one of `skewVals` (few on the right,
    * many on the left): `df.smvSkewJoinByKey(df2, "inner", Seq("9999999"), "cid")`.
    */
  def smvSkewJoinByKey(other: DataFrame, joinType: String, skewVals: Seq[Any], key: String): DataFrame = {
    val isSkewed = (d: DataFrame) => resolve(d, key).isin(skewVals: _*)
    val skewed = KeyJoin(df.where(isSkewed(df)), broadcast(other.where(isSkewed(other))), Seq(key), joinType, "_" + _)._1
    val rest = KeyJoin(df.where(!isSkewed(df)), other.where(!isSkewed(other)), Seq(key), joinType, "_" + _)._1
    rest.unionByName(skewed)
  }

  /** One row (any) per key: `df.smvDedupByKey("id")`. */
  def smvDedupByKey(key: String, others: String*): DataFrame = {
    requireAll(df, key +: others)
    df.dropDuplicates(key +: others)
  }

  /** One row (any) per key: `df.smvDedupByKey($"id")`. */
  def smvDedupByKey(keys: Column*): DataFrame = {
    val names = keys.map(ColumnNames.of)
    smvDedupByKey(names.head, names.tail: _*)
  }

  /** The first row per key in the given order: `df.smvDedupByKeyWithOrder("id")($"t".desc)`. */
  def smvDedupByKeyWithOrder(key: String, others: String*)(orderCols: Column*): DataFrame = {
    val keys = key +: others
    requireAll(df, keys)
    val rank = Unique.name(df.columns.toSeq, "_smvDedupByKeyWithOrder_rank")
    val window = Window.partitionBy(keys.map(k => col(quoted(k))): _*).orderBy(orderCols: _*)
    df.withColumn(rank, row_number().over(window)).where(col(rank) === 1).drop(rank)
  }

  /** The first row per key in the given order: `df.smvDedupByKeyWithOrder($"id")($"t".desc)`. */
  def smvDedupByKeyWithOrder(keys: Column*)(orderCols: Column*): DataFrame = {
    val names = keys.map(ColumnNames.of)
    smvDedupByKeyWithOrder(names.head, names.tail: _*)(orderCols: _*)
  }

  /** Value columns to rows of (column, value): `df.smvUnpivot("X", "Y", "Z")`. */
  def smvUnpivot(valueCols: String*): DataFrame = {
    requireAll(df, valueCols)
    val ids = df.columns.filterNot(valueCols.contains).map(resolve(df, _))
    df.unpivot(ids, valueCols.map(resolve(df, _)).toArray, "column", "value")
  }

  /** Columns named like `A_1` to rows of (index, A, B, ...), split by a two-group regex:
    * `df.smvUnpivotRegex(Seq("A_1", "A_2", "B_1", "B_2"), "(.*)_(.*)", "index")`.
    */
  def smvUnpivotRegex(valueCols: Seq[String], colNameFn: String, indexColName: String = "Index"): DataFrame =
    Unpivot.byRegex(df, valueCols, colNameFn, indexColName)

  /** The rows whose key hashes below `rate` of the hash range (the same rows on every run; Spark's
    * Murmur3 seeded by `seed`, so not the rows SMV 2.2's Scala MurmurHash3 picked):
    * `df.smvHashSample($"key", rate = 0.1, seed = 123)`.
    */
  def smvHashSample(key: Column, rate: Double = 0.01, seed: Int = 23): DataFrame =
    df.where(hash(lit(seed), key.cast("string")).bitwiseAND(Int.MaxValue) < lit(Int.MaxValue * rate))

  /** The n most frequent values of `c` (ties by value), as a one-column DataFrame. */
  def topNValsByFreqDF(n: Int, c: Column): DataFrame = {
    val freq = Unique.name(df.columns.toSeq, "freq")
    val values = df.select(c)
    val name = values.columns.head
    values.groupBy(resolve(values, name)).agg(count(lit(1)).as(freq))
      .orderBy(col(freq).desc, col(quoted(name)).asc_nulls_last).limit(n).select(quoted(name))
  }

  /** The n most frequent values of `c`: `df.topNValsByFreq(1, $"cid")`. */
  def topNValsByFreq(n: Int, c: Column): Array[Any] = topNValsByFreqDF(n, c).collect().map(_.get(0))

  /** Which of several DataFrames have each key, as a bit string per key ("101"):
    * `df1.smvOverlapCheck("key")(df2, df3)`.
    */
  def smvOverlapCheck(key: String)(dfothers: DataFrame*): DataFrame = {
    val all = df +: dfothers
    all.foreach(requireAll(_, Seq(key)))
    val flags = all.indices.map(i => s"_smvOverlapCheck_$i")
    val marked = all.zip(flags).map { case (d, f) => d.select(resolve(d, key).as(key)).distinct().withColumn(f, lit("1")) }
    val joined = marked.reduce((acc, d) => acc.join(d, Seq(key), "outer"))
    joined.select(col(quoted(key)), concat(flags.map(f => coalesce(col(f), lit("0"))): _*).as("flag"))
  }

  /** The column combination that identifies a row within the first n rows, and its distinct count. */
  def smvDiscoverPK(n: Int = 10000): (Seq[String], Long) = PrimaryKeys.discover(df, n)

  /** Writes the rows (or the first n) as one local CSV file with a header and a schema file beside it. */
  def smvExportCsv(path: String, n: Integer = null): Unit = Inspect.exportCsv(df, path, Option(n).map(_.intValue))

  /** The schema and every row, as smvDumpDF prints them. */
  def smvDumpDFText(): String = Inspect.dump(df)

  /** Prints the schema and every row (for small DataFrames while debugging). */
  def smvDumpDF(): Unit = println(smvDumpDFText())

  /** Row `pos` (from 1) transposed, one "name:Type = value" line per column matching `colRegex`. */
  def peekText(pos: Int = 1, colRegex: String = ".*"): String = Inspect.peek(df, pos, colRegex)

  /** Prints row `pos` transposed: `df.peek(1, "amt.*")`. */
  def peek(pos: Int = 1, colRegex: String = ".*"): Unit = println(peekText(pos, colRegex))

  /** Writes what peek prints to a local file. */
  def peekSave(path: String, pos: Int = 1, colRegex: String = ".*"): Unit =
    Inspect.writeLocal(path, peekText(pos, colRegex) + "\n")
}
