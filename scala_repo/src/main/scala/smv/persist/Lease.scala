package smv
package persist

import java.io.IOException
import java.lang.management.ManagementFactory
import java.net.InetAddress
import java.util.UUID
import java.util.concurrent.{ConcurrentHashMap, Executors, ThreadFactory, TimeUnit}

import scala.util.control.NonFatal

import org.apache.hadoop.fs.{FileSystem, Path}
import smv.driver.SmvConfig

/** Lease files under an output directory: a file whose modification time says "a live
  * run owns this". The owner's heartbeat touches it every quarter lease until it is
  * released; a lease file older than `leaseMillis` belongs to a run that crashed
  * (SIGKILL, lost machine), so others may take it over.
  *
  * Files are created atomically (O_EXCL on a local file system, `create(overwrite=false)`
  * on others such as HDFS). Correctness never rests on a lease alone: persisted results
  * are committed by an atomic rename, so the worst a race between two runs taking over
  * the same expired lease can do is compute one dataset twice.
  */
final class Leases(fs: () => FileSystem, val leaseMillis: Long) {
  require(leaseMillis >= 100, s"a lease must last at least 100 ms (got $leaseMillis)")

  /** Creates `p` if it does not exist (false when it does) and keeps it fresh until `release`. */
  def tryAcquire(p: Path): Boolean = {
    val created = try {
      SmallFiles.mkdirs(fs(), p.getParent)
      SmallFiles.createNew(fs(), p)
    } catch {
      case e: IOException if fs().exists(p) => false
    }
    if (created) {
      writeOwner(p)
      Leases.heartbeat.keep(p, fs, leaseMillis)
    }
    created
  }

  /** Stops refreshing `p` and removes it. */
  def release(p: Path): Unit = {
    Leases.heartbeat.drop(p)
    try fs().delete(p, false) catch { case NonFatal(_) => () }
  }

  /** True when `p` exists and was last refreshed longer than a lease ago. */
  def isExpired(p: Path): Boolean = ageMillis(p).exists(_ > leaseMillis)

  /** How long ago `p` was last refreshed (None: it does not exist). */
  def ageMillis(p: Path): Option[Long] =
    try Some(System.currentTimeMillis() - fs().getFileStatus(p).getModificationTime)
    catch { case _: java.io.FileNotFoundException => None }

  /** Removes an expired lease file (moving it aside first, so one remover wins). */
  def breakExpired(p: Path): Unit = {
    val aside = new Path(p.getParent, s".${p.getName}.expired-${UUID.randomUUID()}")
    try if (fs().rename(p, aside)) fs().delete(aside, false) catch { case NonFatal(_) => () }
  }

  private def writeOwner(p: Path): Unit = try {
    SmallFiles.write(fs(), p, s"${Leases.owner} ${Persistence.now()}\n")
  } catch { case NonFatal(_) => () } // the owner line is for people; the file's time is the lease
}

object Leases {
  /** `pid@host` of this JVM, written into the lease files it owns. */
  val owner: String = s"${ManagementFactory.getRuntimeMXBean.getName} (${Option(InetAddress.getLocalHost).map(_.getHostName).getOrElse("?")})"

  /** The key under which an app's configuration sets the lease, in seconds (default 60). */
  val LeaseSecondsKey = "smv.lockLeaseSeconds"
  val DefaultLeaseMillis: Long = 60000L

  /** The configured lease; a value that is not a number of seconds of at least 0.1 is an error naming the key. */
  def leaseMillis(config: SmvConfig): Long = config.millisOfSeconds(LeaseSecondsKey, 0.1, DefaultLeaseMillis)

  /** One daemon thread per JVM touches every held lease file. */
  private[smv] object heartbeat {
    private final case class Held(fs: () => FileSystem, every: Long, var last: Long)
    private val held = new ConcurrentHashMap[Path, Held]()
    private val timer = Executors.newSingleThreadScheduledExecutor(new ThreadFactory {
      def newThread(r: Runnable): Thread = { val t = new Thread(r, "smv-lease-heartbeat"); t.setDaemon(true); t }
    })
    timer.scheduleWithFixedDelay(() => beat(), 25, 25, TimeUnit.MILLISECONDS)

    def keep(p: Path, fs: () => FileSystem, leaseMillis: Long): Unit =
      held.put(p, Held(fs, math.max(leaseMillis / 4, 25), System.currentTimeMillis()))

    def drop(p: Path): Unit = held.remove(p)

    private def beat(): Unit = held.forEach { (p, h) =>
      val now = System.currentTimeMillis()
      if (now - h.last >= h.every) {
        h.last = now
        try h.fs().setTimes(p, now, -1) catch { case NonFatal(_) => () }
      }
    }
  }
}
