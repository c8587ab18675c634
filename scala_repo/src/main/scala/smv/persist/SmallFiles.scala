package smv
package persist

import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.{FileAlreadyExistsException, Files, Paths}

import org.apache.hadoop.fs.{FileSystem, Path}

/** The small files a run writes beside its results (lease and lock files, owner lines, `.meta.json`)
  * and their folders. On a local file system they go through java.nio: without Hadoop's native
  * library (pip's pyspark has none) Hadoop's local file system forks a `chmod` process for every
  * file and folder it creates, several per dataset. Other file systems (HDFS, S3, ...) go
  * through Hadoop.
  */
object SmallFiles {
  def isLocal(fs: FileSystem): Boolean = fs.getScheme == "file"

  def localPath(fs: FileSystem, p: Path): java.nio.file.Path = Paths.get(fs.makeQualified(p).toUri)

  def mkdirs(fs: FileSystem, dir: Path): Unit =
    if (isLocal(fs)) Files.createDirectories(localPath(fs, dir)) else fs.mkdirs(dir)

  /** Creates an empty `p` atomically (O_EXCL locally); false when it already exists. */
  def createNew(fs: FileSystem, p: Path): Boolean =
    try {
      if (isLocal(fs)) Files.createFile(localPath(fs, p)) else fs.create(p, false).close()
      true
    } catch {
      case _: FileAlreadyExistsException | _: org.apache.hadoop.fs.FileAlreadyExistsException => false
    }

  /** Writes `text` to `p`, replacing what was there. */
  def write(fs: FileSystem, p: Path, text: String): Unit =
    if (isLocal(fs)) Files.write(localPath(fs, p), text.getBytes(UTF_8))
    else {
      val out = fs.create(p, true)
      try out.write(text.getBytes(UTF_8)) finally out.close()
    }
}
