package smv
package persist

import java.nio.charset.StandardCharsets.UTF_8

import org.apache.hadoop.conf.Configuration
import org.apache.hadoop.fs.{FileSystem, Path, UnsupportedFileSystemException}
import org.apache.spark.sql.SparkSession

/** Where data lives (smv.dataDir, smv.inputDir, smv.outputDir, the input files below them):
  * a path or any URI Hadoop knows (`file:///abs`, `hdfs://nn/dir`, `s3a://bucket/dir`), always
  * reached through Hadoop's FileSystem with the Spark session's Hadoop configuration.
  *
  * Python reaches the same functions through py4j, so both languages see a file the same way:
  * a location's modification time is the newest of the location itself and every file below
  * it that Spark would read (no name part starting with '.' or '_'), in milliseconds.
  */
object DataLocation {
  def hadoopConf: Configuration =
    SparkSession.getActiveSession.orElse(SparkSession.getDefaultSession)
      .map(_.sparkContext.hadoopConfiguration).getOrElse(new Configuration())

  /** The file system of `location`; a DataLocationException naming `setting` when Hadoop has none for its scheme. */
  def fileSystem(location: String, setting: String): FileSystem =
    try new Path(location).getFileSystem(hadoopConf)
    catch {
      case e: UnsupportedFileSystemException => throw DataLocationException.unknownScheme(location, setting, e)
      case e: java.io.IOException => throw new DataLocationException(location, setting, e.getMessage, e)
    }

  /** Fails with one sentence naming the location and `setting` when Hadoop cannot reach its file system. */
  def check(location: String, setting: String): Unit = { fileSystem(location, setting); () }

  def exists(location: String): Boolean = {
    val p = new Path(location)
    p.getFileSystem(hadoopConf).exists(p)
  }

  /** The modification time (ms) of `location` and the files below it (see above); -1 when missing. */
  def modificationTimeMillis(location: String): Long = {
    val root = new Path(location)
    val fs = root.getFileSystem(hadoopConf)
    if (!fs.exists(root)) -1L
    else {
      val status = fs.getFileStatus(root)
      if (!status.isDirectory) status.getModificationTime
      else {
        val prefix = fs.makeQualified(root).toUri.getPath.stripSuffix("/") + "/"
        val files = fs.listFiles(root, true)
        var newest = status.getModificationTime
        while (files.hasNext) {
          val f = files.next()
          val below = f.getPath.toUri.getPath.stripPrefix(prefix)
          if (!below.split('/').exists(n => n.startsWith(".") || n.startsWith("_")))
            newest = math.max(newest, f.getModificationTime)
        }
        newest
      }
    }
  }

  /** The text (UTF-8) of the file at `location`. */
  def readText(location: String): String = {
    val p = new Path(location)
    val in = p.getFileSystem(hadoopConf).open(p)
    try new String(in.readAllBytes(), UTF_8) finally in.close()
  }
}

/** A data location Hadoop cannot use, with the setting it came from. */
final class DataLocationException(val location: String, val setting: String, detail: String, cause: Throwable = null)
    extends SmvException(s"$setting = $location: $detail", cause)

object DataLocationException {
  def unknownScheme(location: String, setting: String, cause: Throwable): DataLocationException = {
    val scheme = Option(new Path(location).toUri.getScheme).getOrElse("")
    new DataLocationException(location, setting, s"Hadoop has no file system for the scheme '$scheme' " +
      "(a path, file:///..., hdfs://... work as they are; s3a:// and others need their connector's jars on " +
      "Spark's classpath, e.g. --packages org.apache.hadoop:hadoop-aws:<Hadoop version>)", cause)
  }
}
