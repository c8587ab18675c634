package smv
package persist

import org.apache.hadoop.fs.Path

/** One lock per persisted result (`<outputDir>/.smv-lock/<fqn>_<hash8>.lock`), so runs of
  * the same app on the same output directory compute each dataset once between them:
  * the run holding the lock computes and persists; the others wait, then reuse what it
  * wrote. The lock is a lease (see Leases): a crashed run's lock expires after a lease
  * and is taken over, so it never blocks anyone for good.
  */
final class OutputLocks(root: Path, leases: Leases, pollMillis: Long = 200) {
  def lockPath(baseName: String): Path = new Path(new Path(root, OutputLocks.LockDir), baseName + ".lock")

  /** `compute` under the lock of `baseName`, unless `ready()` (the result is already persisted,
    * checked before and after taking the lock): then None, and the caller reuses it.
    */
  def withLock[T](baseName: String, ready: () => Boolean)(compute: => T): Option[T] = {
    val p = lockPath(baseName)
    while (true) {
      if (ready()) return None
      if (leases.tryAcquire(p)) {
        try return if (ready()) None else Some(compute)
        finally leases.release(p)
      }
      if (leases.isExpired(p)) leases.breakExpired(p) else Thread.sleep(pollMillis)
    }
    throw new IllegalStateException("unreachable")
  }
}

object OutputLocks {
  /** Lock files live here (a leading dot: readers of the output directory ignore it). */
  val LockDir = ".smv-lock"
}
