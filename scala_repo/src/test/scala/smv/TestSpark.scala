package smv

import java.nio.file.{Files, Path}
import java.util.Comparator

import org.apache.spark.sql.SparkSession
import org.scalatest.{BeforeAndAfterAll, Suite}

/** One local SparkSession for every suite of the test JVM. */
object TestSpark {
  lazy val session: SparkSession = SparkSession.builder()
    .master("local[2]")
    .appName("smv-scala-tests")
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .config("spark.default.parallelism", "2")
    .config("spark.sql.warehouse.dir", Files.createTempDirectory("smv-warehouse").toString)
    .getOrCreate()
}

/** Gives a suite the shared session and temporary directories removed after the suite. */
trait SparkSuite extends BeforeAndAfterAll { self: Suite =>
  def spark: SparkSession = TestSpark.session

  private val tempDirs = scala.collection.mutable.ArrayBuffer[Path]()

  /** A fresh directory, deleted when the suite ends. */
  def tempDir(prefix: String = "smv-test"): Path = synchronized {
    val d = Files.createTempDirectory(prefix)
    tempDirs += d
    d
  }

  override def afterAll(): Unit = {
    try tempDirs.foreach(TestFiles.deleteRecursively) finally super.afterAll()
  }
}

object TestFiles {
  def deleteRecursively(p: Path): Unit = if (Files.exists(p)) {
    val s = Files.walk(p)
    try s.sorted(Comparator.reverseOrder[Path]()).forEach(x => Files.deleteIfExists(x)) finally s.close()
  }

  def write(p: Path, text: String): Path = {
    Files.createDirectories(p.getParent)
    Files.write(p, text.getBytes("UTF-8"))
  }
}
