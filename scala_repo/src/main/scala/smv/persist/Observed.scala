package smv
package persist

import scala.concurrent.Await
import scala.concurrent.duration._
import scala.util.Try

import org.apache.spark.sql.{Observation, Row}

/** Values a job computed on the side through `Dataset.observe` (row and DQM counts taken
  * by the job that writes a result, instead of extra passes over it).
  */
object Observed {
  /** How long to wait, after the action ended, for Spark to deliver the observed values. */
  val Wait: FiniteDuration = 60.seconds

  /** The observed row, once the action that ran the observed plan has ended; None if Spark
    * did not deliver it in time (the caller then counts the slow way: never a hang). */
  def values(observation: Observation): Option[Row] = Try(Await.result(observation.future, Wait)).toOption
}
