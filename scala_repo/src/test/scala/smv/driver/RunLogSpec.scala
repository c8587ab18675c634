package smv
package driver

import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.{Files, Path}

import scala.jdk.CollectionConverters._

import org.json4s._
import org.json4s.jackson.JsonMethods.parse
import org.scalatest.funsuite.AnyFunSuite

class RunLogSpec extends AnyFunSuite {
  private def lines(p: Path): Seq[String] = if (Files.exists(p)) Files.readAllLines(p, UTF_8).asScala.toSeq else Nil

  test("one JSON line per event, versioned; past maxBytes the log rotates to runs.1.jsonl, one old file kept") {
    val dir = Files.createTempDirectory("runlog")
    val file = dir.resolve(".smv").resolve(RunLog.FileName)
    val log = RunLog.of(SmvConfig(Map("smv.appDir" -> dir.toString, RunLog.MaxBytesKey -> "2048"))).get
    assert(log.file == file.toAbsolutePath)
    (1 to 60).foreach(i => log.runStarted(s"run-$i", "app", Seq("urn:smv:mod:s.A"), RunOptions(), "run"))
    log.close()
    val current = lines(file)
    val rotated = lines(file.resolveSibling(RunLog.RotatedName))
    implicit val formats: Formats = DefaultFormats
    val ids = (rotated ++ current).map { l =>
      val v = parse(l)
      assert((v \ "v").extract[Int] == RunLog.Version && (v \ "event").extract[String] == "run-started")
      (v \ "runId").extract[String]
    }
    assert(Files.size(file) <= 2048 && rotated.nonEmpty && ids.nonEmpty)
    assert(ids == ids.sortBy(_.stripPrefix("run-").toInt) && ids.last == "run-60", "the newest runs, in order")
  }

  test("a line cut short by a killed driver is ended before the next run's first line") {
    val dir = Files.createTempDirectory("runlog-cut")
    val file = dir.resolve(".smv").resolve(RunLog.FileName)
    Files.createDirectories(file.getParent)
    Files.write(file, """{"v":1,"event":"dataset-sta""".getBytes(UTF_8))
    val log = RunLog.of(SmvConfig(Map("smv.appDir" -> dir.toString))).get
    log.runStarted("run-next", "app", Nil, RunOptions(), "run")
    log.close()
    val written = lines(file)
    assert(written.size == 2 && written.head == """{"v":1,"event":"dataset-sta""")
    assert(written(1).contains("\"runId\":\"run-next\""))
  }

  test("smv.runLog: off, or a path; a bad maxBytes names the key") {
    assert(RunLog.of(SmvConfig(Map("smv.appDir" -> "/tmp", RunLog.PathKey -> "off"))).isEmpty)
    assert(RunLog.of(SmvConfig(Map.empty)).isEmpty)
    val e = intercept[SmvException](RunLog.of(SmvConfig(Map("smv.appDir" -> "/tmp", RunLog.MaxBytesKey -> "ten"))))
    assert(e.getMessage == "smv.runLog.maxBytes = ten: expected a whole number of bytes, at least 1024")
  }
}
