package smv
package persist

import scala.util.control.NonFatal

import org.apache.hadoop.fs.{FileSystem, Path}

/** Removes what crashed runs left in `<outputDir>/.smv-tmp` and `.smv-lock`, once it is safe.
  *
  * Each write's folder `.smv-tmp/<uuid>/` has a lease file `.smv-tmp/<uuid>.lease`, created
  * before the folder and kept fresh while the write lasts. A folder is removed only when
  * its lease has expired (or is gone and the folder itself is older than a lease), so a
  * live run writing there, in this JVM or another, is never disturbed.
  */
final class TmpCleaner(fs: () => FileSystem, tmpRoot: Path, lockRoot: Path, leases: Leases) {

  /** Removes expired leftovers; returns the names of what it removed. */
  def clean(): Seq[String] = cleanTmp() ++ cleanLocks()

  private def list(dir: Path) = try fs().listStatus(dir).toSeq catch { case _: java.io.FileNotFoundException => Nil }

  private def cleanTmp(): Seq[String] = {
    val entries = list(tmpRoot)
    val folders = entries.filter(_.isDirectory).map(_.getPath)
    val removed = folders.filter { dir =>
      val lease = TmpCleaner.leaseOf(dir)
      val expired = leases.ageMillis(lease) match {
        case Some(_) => leases.isExpired(lease)
        case None => leases.ageMillis(dir).exists(_ > leases.leaseMillis)
      }
      expired && remove(dir, recursive = true) && { remove(lease, recursive = false); true }
    }
    val orphanLeases = entries.filter(e => e.isFile && e.getPath.getName.endsWith(TmpCleaner.LeaseSuffix))
      .map(_.getPath).filter(l => !folders.contains(new Path(tmpRoot, l.getName.stripSuffix(TmpCleaner.LeaseSuffix))))
      .filter(leases.isExpired).filter(remove(_, recursive = false))
    (removed ++ orphanLeases).map(p => s"${Persistence.TmpDir}/${p.getName}")
  }

  private def cleanLocks(): Seq[String] =
    list(lockRoot).map(_.getPath).filter(leases.isExpired).filter(remove(_, recursive = false))
      .map(p => s"${OutputLocks.LockDir}/${p.getName}")

  private def remove(p: Path, recursive: Boolean): Boolean = try fs().delete(p, recursive) catch { case NonFatal(_) => false }
}

object TmpCleaner {
  val LeaseSuffix = ".lease"
  def leaseOf(tmpFolder: Path): Path = new Path(tmpFolder.getParent, tmpFolder.getName + LeaseSuffix)
}
