package org.apache.spark.sql.smvbridge

import java.util.WeakHashMap

import org.apache.spark.sql.{DataFrame, Row, classic}

/** A DataFrame's plan run in a session with some conf overrides (EDD's aggregation with AQE off,
  * so that it is one Spark job), without ever touching the DataFrame's own session, whose conf
  * concurrent modules share. The plan, analyzed in its own session (time zone and all), moves to
  * a clone of that session (`cloneSession`: the same runtime conf, plus the overrides) with
  * `Dataset.ofRows`; both are `private[sql]`, hence this object, in a subpackage of
  * `org.apache.spark.sql`. A clone is kept per session and made again once that session's conf
  * (or the overrides) changed, so each call pays only for comparing the confs. (The map's keys are
  * weak, but a clone's state may still reach its parent's: count on one clone per session, not on
  * its collection.)
  */
object ConfOverrides {
  private final case class Clone(conf: Map[String, String], overrides: Map[String, String], session: classic.SparkSession)

  private val clones = new WeakHashMap[classic.SparkSession, Clone]()

  /** `df`'s rows, computed with `overrides` set in the session that plans and runs them. */
  def on(df: DataFrame, overrides: Map[String, String]): DataFrame = {
    val plan = df.asInstanceOf[classic.Dataset[Row]].queryExecution.analyzed
    classic.Dataset.ofRows(cloneOf(df.sparkSession.asInstanceOf[classic.SparkSession], overrides), plan)
  }

  private def cloneOf(session: classic.SparkSession, overrides: Map[String, String]): classic.SparkSession = {
    val conf = session.sessionState.conf.getAllConfs
    clones.synchronized {
      Option(clones.get(session)).filter(c => c.conf == conf && c.overrides == overrides).getOrElse {
        val clone = session.cloneSession()
        overrides.foreach { case (k, v) => clone.sessionState.conf.setConfString(k, v) }
        clones.put(session, Clone(conf, overrides, clone))
        clones.get(session)
      }.session
    }
  }
}
