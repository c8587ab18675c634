package smv.helpers.edd

import scala.collection.mutable
import scala.reflect.ClassTag
import scala.reflect.runtime.universe.TypeTag

import org.apache.spark.sql.{Column, Encoder, Encoders, functions}
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder
import org.apache.spark.sql.expressions.Aggregator

/** Exact counts per distinct value (null included) in one pass: an aggregate, so every
  * histogram of an EDD call sits in the same aggregation as its statistics (one Spark job).
  */
final class HistogramAggregator[K: TypeTag: ClassTag]
    extends Aggregator[Option[K], mutable.HashMap[Option[K], Long], Seq[(Option[K], Long)]] {

  def zero: mutable.HashMap[Option[K], Long] = mutable.HashMap.empty

  def reduce(b: mutable.HashMap[Option[K], Long], key: Option[K]): mutable.HashMap[Option[K], Long] = {
    b.update(key, b.getOrElse(key, 0L) + 1L)
    b
  }

  def merge(a: mutable.HashMap[Option[K], Long], b: mutable.HashMap[Option[K], Long]): mutable.HashMap[Option[K], Long] = {
    b.foreach { case (k, n) => a.update(k, a.getOrElse(k, 0L) + n) }
    a
  }

  def finish(b: mutable.HashMap[Option[K], Long]): Seq[(Option[K], Long)] = b.toSeq

  def bufferEncoder: Encoder[mutable.HashMap[Option[K], Long]] = Encoders.kryo[mutable.HashMap[Option[K], Long]]

  def outputEncoder: Encoder[Seq[(Option[K], Long)]] = ExpressionEncoder[Seq[(Option[K], Long)]]()
}

/** The histogram aggregates by key type: a Column of (key, count) structs. */
private[edd] object Histogram {
  private val ofString = functions.udaf(new HistogramAggregator[String], ExpressionEncoder[Option[String]]())
  private val ofDouble = functions.udaf(new HistogramAggregator[Double], ExpressionEncoder[Option[Double]]())
  private val ofBoolean = functions.udaf(new HistogramAggregator[Boolean], ExpressionEncoder[Option[Boolean]]())

  def strings(c: Column): Column = ofString(c.cast("string"))
  def doubles(c: Column): Column = ofDouble(c.cast("double"))
  def booleans(c: Column): Column = ofBoolean(c.cast("boolean"))
}
