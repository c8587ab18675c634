package smv.bench

import org.apache.spark.sql.DataFrame
import org.apache.spark.sql.functions.col

import smv._

/** The Scala side of the helpers bench: the same helper call as bench/helpers.py makes from
  * Python, in a JVM loop, so the difference per call is what py4j adds.
  */
object HelperCallLoop {

  /** Nanoseconds per call of `df.smvSelectPlus(col("v") * 2 as "v2")` (a plan built and analysed,
    * no job), the Column made once as in the Python loop: the median of `rounds` rounds of `calls`
    * calls, after one untimed round.
    */
  def selectPlus(df: DataFrame, calls: Int, rounds: Int): Double = {
    val v2 = (col("v") * 2).as("v2")
    def round(): Double = {
      val start = System.nanoTime()
      var i = 0
      while (i < calls) { df.smvSelectPlus(v2); i += 1 }
      (System.nanoTime() - start).toDouble / calls
    }
    round()
    val times = Seq.fill(rounds)(round()).sorted
    times(times.size / 2)
  }
}
