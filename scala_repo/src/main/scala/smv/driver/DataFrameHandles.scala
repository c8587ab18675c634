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
  * nothing leaks across runs. A run SmvApp started is *owned* (`openRun`): its handles
  * live until `releaseRun`. A run id no run owns (a client's GetDataFrame with an id of
  * its own making) cannot be trusted to end: its handles are released once
  * `MaxUnownedRuns` newer unowned runs used the registry, or after `unownedIdleMillis`
  * without use, whichever comes first.
  */
object DataFrameHandles {
  private final case class Entry(runId: String, df: DataFrame)

  /** Unowned run ids kept with their handles; older ones are released. */
  val MaxUnownedRuns = 8
  /** An unowned run unused this long is released (at the next use of the registry). */
  @volatile var unownedIdleMillis: Long = 60L * 60 * 1000

  private val entries = new ConcurrentHashMap[String, Entry]()
  private val owned = ConcurrentHashMap.newKeySet[String]()
  /** Unowned run id -> when it was last used (ms), least recently used first. */
  private val unowned = new java.util.LinkedHashMap[String, java.lang.Long](16, 0.75f, true)

  /** Marks `runId` as owned by a run that will call `releaseRun` when it ends. */
  def openRun(runId: String): Unit = {
    owned.add(runId)
    unowned.synchronized(unowned.remove(runId))
  }

  /** Registers `df` for the run `runId`; returns its handle id. */
  def register(runId: String, df: DataFrame): String = {
    require(runId != null && runId.nonEmpty, "runId must be a non-empty run id")
    require(df != null, s"DataFrame to register for run $runId must not be null")
    val id = s"df-${UUID.randomUUID()}"
    entries.put(id, Entry(runId, df))
    used(runId, System.currentTimeMillis())
    id
  }

  /** The DataFrame behind `id`; a clear error when the handle is unknown or released. */
  def get(id: String): DataFrame = {
    val entry = entries.get(id)
    if (entry == null)
      throw new NoSuchElementException(
        s"unknown DataFrame handle '$id': it was never registered or its run has ended")
    used(entry.runId, System.currentTimeMillis())
    entry.df
  }

  /** Releases every handle of `runId` (and its ownership); returns how many were released. */
  def releaseRun(runId: String): Int = {
    owned.remove(runId)
    unowned.synchronized(unowned.remove(runId))
    val ids = entries.asScala.collect { case (id, e) if e.runId == runId => id }.toList
    ids.foreach(entries.remove)
    ids.size
  }

  /** Releases the unowned runs beyond `MaxUnownedRuns` or idle at `nowMillis`; returns the runs released. */
  def expireUnowned(nowMillis: Long): Seq[String] = {
    val expired = unowned.synchronized {
      val idle = unowned.asScala.collect { case (run, last) if nowMillis - last > unownedIdleMillis => run }.toList
      val excess = unowned.keySet.asScala.toList.filterNot(idle.contains).dropRight(MaxUnownedRuns)
      idle ++ excess
    }
    expired.foreach(releaseRun)
    expired
  }

  private def used(runId: String, nowMillis: Long): Unit = if (!owned.contains(runId)) {
    unowned.synchronized(unowned.put(runId, nowMillis))
    expireUnowned(nowMillis)
  }

  /** Handles currently held (for leak checks). */
  def size: Int = entries.size

  /** The runs that hold handles now (for leak checks and for clients that ran datasets outside SmvApp). */
  def runIds: java.util.List[String] = entries.values.asScala.map(_.runId).toList.distinct.sorted.asJava
}
