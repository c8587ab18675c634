package smv
package persist

import java.nio.file.{Files, Path}
import java.util.concurrent.{Callable, Executors}

import scala.jdk.CollectionConverters._

import org.json4s._
import org.json4s.jackson.JsonMethods.parse
import org.scalatest.funsuite.AnyFunSuite
import smv.testapp.Counters
import smv.driver.{RunOptions, SmvApp}
import smv.repository.{ScalaDataSetRepository, Sha256, Urn}

class PersistenceSpec extends AnyFunSuite with AppFixture {
  private val chain = "smv.testapp.chain"
  private def c(n: String) = mod(s"$chain.$n")

  private def listing(dir: String): Seq[String] = {
    val s = Files.list(Path.of(dir))
    try s.iterator().asScala.map(_.getFileName.toString).toSeq.sorted finally s.close()
  }

  test("non-ephemeral results land at <outputDir>/<fqn>_<hash8>.parquet with metadata JSON beside them") {
    withApp(Seq(chain)) { app =>
      app.runModule(c("C"))
      val g = app.dependencyGraph(Seq(c("C")))
      val expected = Seq("A", "B", "C").flatMap { n =>
        val h8 = g(c(n)).hashOfHashes.take(8)
        Seq(s"$chain.${n}_$h8.meta.json", s"$chain.${n}_$h8.parquet")
      }
      assert(listing(app.outputDir).filterNot(Set(Persistence.TmpDir, OutputLocks.LockDir)) == expected.sorted)
      assert(listing(s"${app.outputDir}/${Persistence.TmpDir}").isEmpty, "no temporary output is left behind")
      assert(listing(s"${app.outputDir}/${OutputLocks.LockDir}").isEmpty, "no lock is left behind")
      val meta = parse(new String(Files.readAllBytes(
        Path.of(app.persistence.metaPath(s"$chain.C", g(c("C")).hashOfHashes).toString))))
      implicit val f: Formats = DefaultFormats
      assert((meta \ "urn").extract[String] == c("C") && (meta \ "rows").extract[Long] == 1)
      assert((meta \ "hashOfHashes").extract[String] == g(c("C")).hashOfHashes)
      assert((meta \ "writtenAt").extract[String].nonEmpty && (meta \ "dqm" \ "passed") == JBool(true))
    }
  }

  test("hash of hashes: own hash_with_super_class, then each dependency's, in declaration order") {
    withApp(Seq(chain)) { app =>
      val g = app.dependencyGraph(Seq(c("C")))
      val raw = g(c("Raw"))
      assert(raw.hashOfHashes == Sha256.hex(raw.meta.hashWithSuperClass))
      assert(g(c("A")).hashOfHashes == Sha256.hex(g(c("A")).meta.hashWithSuperClass + raw.hashOfHashes))
      assert(g(c("C")).hashOfHashes == Sha256.hex(g(c("C")).meta.hashWithSuperClass + g(c("B")).hashOfHashes))
    }
  }

  test("a second run reuses every persisted result; a change recomputes exactly it and what is downstream") {
    withApp(Seq(chain)) { app =>
      Counters.reset()
      val first = app.run(Seq(c("C"), c("Side")))
      assert(Seq("A", "B", "C", "Side").map(Counters.count) == Seq(1, 1, 1, 1))
      assert(first.report.ran.toSet == Set("Raw", "A", "B", "C", "Side").map(c))

      val second = app.run(Seq(c("C"), c("Side")))
      assert(Seq("A", "B", "C", "Side").map(Counters.count) == Seq(1, 1, 1, 1), "no module ran again")
      assert(second.report.reused.toSet == Set(c("C"), c("Side")) && second.report.ran.isEmpty)
      assert(second.dataFrame(c("C")).head().getLong(0) == 15)

      Counters.versions.put("B", "2") // B's code changed
      try {
        val plan = app.dryRun(Seq(c("C"), c("Side")))
        // A is reused, so its input Raw is not even needed
        assert(Seq("Raw", "A", "B", "C", "Side").map(n => plan.actionOf(c(n))) == Seq("skip", "reuse", "run", "run", "reuse"))
        def reason(n: String) = plan.datasets.find(_.urn == c(n)).get.reason
        assert(reason("B").startsWith("its code changed (hash "), reason("B"))
        assert(reason("C").startsWith("upstream changed: " + Urn.fqnOf(c("B")) + " ("), reason("C"))
        val third = app.run(Seq(c("C"), c("Side")))
        assert(Seq("A", "B", "C", "Side").map(Counters.count) == Seq(1, 2, 2, 1))
        assert(third.report.ran.toSet == Set(c("B"), c("C")))
        assert(third.report.reused.toSet == Set(c("A"), c("Side")))
      } finally Counters.versions.remove("B")
    }
  }

  test("a dry run lists the output folder once, however many datasets look for their previous version") {
    val out = tempDir("listings")
    CountingFileSystem.register(spark.sparkContext.hadoopConfiguration)
    def app(dir: String) = SmvApp(spark, Map("smv.stages" -> chain, "smv.outputDir" -> dir),
      new ScalaDataSetRepository(Seq(chain), "unused-input"))
    val writer = app(out.toString)
    try writer.run(Seq(c("C"), c("Side"))) finally writer.close()
    Counters.versions.put("A", "2") // A, B and C each run again, each with a previous version to compare
    try {
      val planner = app(s"counted://$out")
      try {
        CountingFileSystem.listings.set(0)
        val plan = planner.dryRun(Seq(c("C"), c("Side")))
        assert(Seq("A", "B", "C", "Side").map(n => plan.actionOf(c(n))) == Seq("run", "run", "run", "reuse"))
        def reason(n: String) = plan.datasets.find(_.urn == c(n)).get.reason
        assert(reason("A").startsWith("its code changed") && reason("C").startsWith("upstream changed: "), plan)
        assert(CountingFileSystem.listings.get == 1)
      } finally planner.close()
    } finally Counters.versions.remove("A")
  }

  test("only what is needed runs: a reused result's dependencies are skipped; --force-run-all recomputes everything") {
    withApp(Seq(chain)) { app =>
      Counters.reset()
      app.runModule(c("C"))
      val plan = app.dryRun(Seq(c("C")))
      assert(Seq("Raw", "A", "B", "C").map(n => plan.actionOf(c(n))) == Seq("skip", "skip", "skip", "reuse"))
      val forced = app.dryRun(Seq(c("C")), RunOptions(forceRunAll = true))
      assert(forced.datasets.forall(_.action == "run"))
      implicit val f: Formats = DefaultFormats
      assert((parse(app.dryRunJson(java.util.List.of(c("C")), false)) \ "datasets").extract[List[Map[String, Any]]].size == 4)

      app.runModule(c("C"), forceRunAll = true)
      assert(Seq("A", "B", "C").map(Counters.count) == Seq(2, 2, 2))
      assert(app.runModule(c("C")).head().getLong(0) == 15)
      assert(listing(app.outputDir).count(_.endsWith(".parquet")) == 3)
    }
  }

  test("a changed run configuration (smv.config.*) recomputes instead of reusing") {
    val out = tempDir("config").toString
    def withConfig[T](value: String)(f: SmvApp => T): T = {
      val app = SmvApp(spark, Map("smv.stages" -> chain, "smv.outputDir" -> out, "smv.config.k" -> value),
        new ScalaDataSetRepository(Seq(chain), "unused-input"))
      try f(app) finally app.close()
    }
    Counters.reset()
    withConfig("1")(_.runModule(c("C")))
    withConfig("1")(app => assert(app.dryRun(Seq(c("C"))).actionOf(c("C")) == "reuse"))
    withConfig("2") { app =>
      assert(app.dryRun(Seq(c("C"))).actionOf(c("C")) == "run")
      app.runModule(c("C"))
      assert(Seq("A", "B", "C").map(Counters.count) == Seq(2, 2, 2))
    }
  }

  test("two runs writing the same result do not corrupt it; the temporary directory is cleaned") {
    val out = tempDir("concurrent").toString
    val p = new Persistence(out, spark)
    val df = spark.range(1000).toDF("id")
    val pool = Executors.newFixedThreadPool(2)
    try {
      val writes = (1 to 2).map(_ => pool.submit(new Callable[Long] {
        def call(): Long = p.write(df, "x.Y", "abcdef0123456789", None) { rows =>
          PersistedInfo("urn:smv:mod:x.Y", "abcdef0123456789", "h", "hs", Persistence.now(), rows, None)
        }
      }))
      assert(writes.map(_.get()) == Seq(1000L, 1000L))
    } finally pool.shutdown()
    assert(p.read("x.Y", "abcdef0123456789").count() == 1000)
    assert(listing(out).filterNot(_ == Persistence.TmpDir) == Seq("x.Y_abcdef01.meta.json", "x.Y_abcdef01.parquet"))
    assert(listing(s"$out/${Persistence.TmpDir}").isEmpty)
    assert(p.readInfo("x.Y", "abcdef0123456789").map(_.rows).contains(1000L))
  }

  test("a failed write leaves nothing in place") {
    val out = tempDir("failing").toString
    val p = new Persistence(out, spark)
    val bad = spark.range(10).selectExpr("id", "raise_error('boom') AS x")
    intercept[Exception](p.write(bad, "x.Z", "0123456789abcdef", None) { r =>
      PersistedInfo("urn:smv:mod:x.Z", "0123456789abcdef", "h", "hs", Persistence.now(), r, None)
    })
    assert(!p.exists("x.Z", "0123456789abcdef"))
    assert(listing(out).filterNot(_ == Persistence.TmpDir).isEmpty && listing(s"$out/${Persistence.TmpDir}").isEmpty)
  }

  test("rerunModule runs the module again (code reloaded where possible) and persists nothing new") {
    withApp(Seq(chain)) { app =>
      Counters.reset()
      app.runModule(c("C"))
      val files = listing(app.outputDir)
      assert(app.rerunModule(c("C")).head().getLong(0) == 15)
      assert(Counters.count("C") == 2 && Counters.count("B") == 1, "only the module itself runs again")
      assert(listing(app.outputDir) == files)
      assert(parse(app.lastRunReportJson()) \ "datasets" \ "action" == JArray(List(JString("reuse"), JString("rerun"))))
    }
  }

  test("the metadata file records the result's schema, so a reuse reads it without inferring it") {
    val schema = org.apache.spark.sql.types.StructType.fromDDL("k INT, v BIGINT, name STRING")
    val info = PersistedInfo("urn:smv:mod:x.Y", "abcdef0123456789", "h", "hs", Persistence.now(), 3, None, Map.empty, Some(schema))
    assert(PersistedInfo.fromJson(info.toJson) == info)
    assert(PersistedInfo.fromJson(info.copy(schema = None).toJson).schema.isEmpty) // files written before keep working
  }
}
