package smv.helpers

import org.apache.spark.sql.Column
import org.apache.spark.sql.functions._
import org.apache.spark.sql.types.{ArrayType, DataType, StringType}

/** SMV's functions (`import org.tresamigos.smv.smvfuncs._`; Python: `smv.functions`). */
object smvfuncs {

  /** The first value of the group, null or not; with nonNull, the first non-null one. */
  def smvFirst(c: Column, nonNull: Boolean = false): Column = first(c, nonNull)

  /** A lookup of the column's value in `m`, `default` when absent, cast to `outputType`:
    * `smvCreateLookUp(Map("a" -> 1), 0, IntegerType)($"k")`.
    */
  def smvCreateLookUp(m: Map[_, _], default: Any, outputType: DataType): SmvLookUp =
    new SmvLookUp(map(m.toSeq.flatMap { case (k, v) => Seq(lit(k), lit(v)) }: _*), default, outputType)

  /** The array's elements as strings joined by `sep`, a null element as "". */
  def smvArrayCat(sep: String, col: Column): Column = array_join(col.cast(ArrayType(StringType)), sep, "")

  /** The set of the group's values, as an array (`dt` is the column's type, as SMV 2.2 took it). */
  def smvCollectSet(col: Column, dt: DataType): Column = collect_set(col.cast(dt))

  /** The columns as strings joined by `sep`, a null as ""; null only when all are null. */
  def smvStrCat(sep: String, cols: Column*): Column = {
    val allNull = cols.map(_.isNull).reduce(_ && _)
    when(!allNull, concat_ws(sep, cols.map(c => coalesce(c.cast(StringType), lit(""))): _*))
  }

  def smvStrCat(cols: Column*): Column = smvStrCat("", cols: _*)

  /** `prefix` + the MD5 hex of prefix and the columns concatenated (smvStrCat): a row's key. */
  def smvHashKey(prefix: String, cols: Column*): Column =
    concat(lit(prefix), md5(smvStrCat(lit(prefix) +: cols: _*)))

  def smvHashKey(cols: Column*): Column = smvHashKey("", cols: _*)

  private def metric(f: (String, String) => Option[Double]): (Column, Column) => Column =
    (c1, c2) => udf((a: String, b: String) => if (a == null || b == null) None else f(a, b).map(_.toFloat)).apply(c1, c2)

  /** Shared 2-grams over the larger 2-gram count; 0 no match, 1 full match. */
  def nGram2(c1: Column, c2: Column): Column = metric(StringMetrics.nGram(2))(c1, c2)

  /** Shared 3-grams over the larger 3-gram count. */
  def nGram3(c1: Column, c2: Column): Column = metric(StringMetrics.nGram(3))(c1, c2)

  /** Dice-Sorensen on 2-grams: twice the shared 2-grams over both counts. */
  def diceSorensen(c1: Column, c2: Column): Column = metric(StringMetrics.diceSorensen)(c1, c2)

  /** 1 - Levenshtein distance / the longer length (Spark's levenshtein). */
  def normlevenshtein(c1: Column, c2: Column): Column = {
    val longer = greatest(length(c1), length(c2))
    when(longer > 0, (lit(1.0) - levenshtein(c1, c2) / longer).cast("float"))
  }

  /** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4). */
  def jaroWinkler(c1: Column, c2: Column): Column = metric(StringMetrics.jaroWinkler)(c1, c2)
}

/** What smvCreateLookUp returns: a function of a key column (a named class, so py4j can call it). */
final class SmvLookUp(table: Column, default: Any, outputType: DataType) extends (Column => Column) {
  def apply(key: Column): Column = coalesce(table(key), lit(default)).cast(outputType)
}
