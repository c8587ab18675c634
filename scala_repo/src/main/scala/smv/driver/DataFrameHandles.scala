package smv
package driver

import java.util.UUID
import java.util.concurrent.ConcurrentHashMap

import org.apache.spark.sql.DataFrame

import scala.jdk.CollectionConverters._

/** The JVM-side registry that lets DataFrames cross the gRPC boundary by reference.
  *
  * Requests and replies carry opaque handle ids; the DataFrame itself stays in the
  * driver JVM. Handles belong to a run and are released together when it ends, so
  * nothing leaks across runs.
  */
object DataFrameHandles {
  private final case class Entry(runId: String, df: DataFrame)

  private val entries = new ConcurrentHashMap[String, Entry]()

  /** Registers `df` for the run `runId`; returns its handle id. */
  def register(runId: String, df: DataFrame): String = {
    require(runId != null && runId.nonEmpty, "runId must be a non-empty run id")
    require(df != null, s"DataFrame to register for run $runId must not be null")
    val id = s"df-${UUID.randomUUID()}"
    entries.put(id, Entry(runId, df))
    id
  }

  /** The DataFrame behind `id`; a clear error when the handle is unknown or released. */
  def get(id: String): DataFrame = {
    val entry = entries.get(id)
    if (entry == null)
      throw new NoSuchElementException(
        s"unknown DataFrame handle '$id': it was never registered or its run has ended")
    entry.df
  }

  /** Releases every handle of `runId`; returns how many were released. */
  def releaseRun(runId: String): Int = {
    val ids = entries.asScala.collect { case (id, e) if e.runId == runId => id }.toList
    ids.foreach(entries.remove)
    ids.size
  }

  /** Handles currently held (for leak checks). */
  def size: Int = entries.size

  /** The runs that hold handles now (for leak checks and for clients that ran datasets outside SmvApp). */
  def runIds: java.util.List[String] = entries.values.asScala.map(_.runId).toList.distinct.sorted.asJava
}
