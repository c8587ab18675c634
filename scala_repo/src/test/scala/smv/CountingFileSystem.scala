package smv

import java.net.URI
import java.util.concurrent.atomic.AtomicInteger

import org.apache.hadoop.fs.{FileStatus, Path, RawLocalFileSystem}

/** The local file system under the scheme `counted:`, counting its directory listings, so a
  * test can tell how often SMV lists a folder. Register it with `CountingFileSystem.register`. */
class CountingFileSystem extends RawLocalFileSystem {
  override def getUri: URI = URI.create("counted:///")
  override def getScheme: String = "counted"
  override def listStatus(f: Path): Array[FileStatus] = {
    CountingFileSystem.listings.incrementAndGet()
    super.listStatus(f)
  }
}

object CountingFileSystem {
  val listings = new AtomicInteger()

  def register(conf: org.apache.hadoop.conf.Configuration): Unit = {
    conf.set("fs.counted.impl", classOf[CountingFileSystem].getName)
    conf.setBoolean("fs.counted.impl.disable.cache", true)
  }
}
