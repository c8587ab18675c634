package smv
package resolve

import org.json4s._
import org.json4s.jackson.JsonMethods.parse
import org.scalatest.funsuite.AnyFunSuite
import smv.repository.v1.Language
import smv.testapp.Counters
import smv.driver.{DataFrameHandles, RunEvent}
import smv.repository.{ScalaDataSetRepository, Urn}

class ResolutionSpec extends AnyFunSuite with AppFixture {
  private val s1 = "smv.testapp.s1"
  private val s2 = "smv.testapp.s2"

  test("a cycle names every urn of the cycle in order") {
    withApp(Seq("smv.testapp.cycle")) { app =>
      val e = intercept[DependencyCycleException](app.runModule(mod("smv.testapp.cycle.Y")))
      val names = Seq("Y", "Z", "X", "Y").map(n => mod(s"smv.testapp.cycle.$n"))
      assert(e.cycle == names)
      assert(e.getMessage == s"dependency cycle: ${names.mkString(" -> ")}")
    }
  }

  test("a module using another stage's module directly names both modules and both stages") {
    withApp(Seq(s1, s2)) { app =>
      val e = intercept[CrossStageDependencyException](app.runModule(mod(s"$s2.Direct")))
      Seq(mod(s"$s2.Direct"), s"stage $s2", mod(s"$s1.Out"), s"stage $s1").foreach(p => assert(e.getMessage.contains(p)))
    }
  }

  test("a link to a module that is not an SmvOutput names the link and its target") {
    withApp(Seq(s1, s2)) { app =>
      val e = intercept[InvalidLinkException](app.runModule(mod(s"$s2.LinkToNotOutput")))
      assert(e.getMessage.contains(Urn.link(s"$s1.NotOut")) && e.getMessage.contains(mod(s"$s1.NotOut")))
      assert(e.getMessage.contains("not an SmvOutput"))
    }
  }

  test("a link within one stage names the link and its target") {
    withApp(Seq(s1, s2)) { app =>
      val e = intercept[InvalidLinkException](app.runModule(mod(s"$s1.SameStageLink")))
      assert(e.getMessage.contains(Urn.link(s"$s1.Out")) && e.getMessage.contains(mod(s"$s1.Out")))
      assert(e.getMessage.contains(s"both are in stage $s1"))
    }
  }

  test("a urn no repository owns names it and every repository asked") {
    withApp(Seq(s1, s2)) { app =>
      val missing = intercept[NoOwnerException](app.runModule(mod(s"$s2.py.Missing")))
      assert(missing.getMessage.contains(mod(s"$s2.py.Missing")) && missing.getMessage.contains(app.repositories.head.name))
      val dep = intercept[NoOwnerException](app.runModule(mod(s"$s2.UsesNothingKnown")))
      assert(dep.urn == mod(s"$s2.py.Missing"))
    }
  }

  test("two repositories claiming one urn are both named") {
    val r1 = new ScalaDataSetRepository(Seq(s1))
    val r2 = new ScalaDataSetRepository(Seq(s1, s2))
    withAppOf(Seq(r1, r2), Seq(s1, s2)) { app =>
      val e = intercept[AmbiguousOwnerException](app.runModule(mod(s"$s1.Out")))
      assert(e.owners == Seq(r1.name, r2.name) && e.getMessage.contains(mod(s"$s1.Out")))
      // also when the shared dataset is only reached inside another repository's closure
      val deep = intercept[AmbiguousOwnerException](app.runModule(mod(s"$s2.UsesS1Input")))
      assert(deep.urn == mod(s"$s1.Nums"))
    }
  }

  test("links (SmvModuleLink and SmvExtModuleLink) resolve to the target's result; inputs may cross stages") {
    withApp(Seq(s1, s2)) { app =>
      assert(app.runModule(mod(s"$s2.UsesLink")).orderBy("n").collect().map(_.getInt(0)).toSeq == Seq(11, 21, 31))
      assert(app.runModule(mod(s"$s2.UsesExtLink")).orderBy("n").collect().map(_.getInt(0)).toSeq == Seq(10, 20, 30))
      assert(app.runModule(mod(s"$s2.UsesS1Input")).count() == 3)
      val g = app.dependencyGraph(Seq(mod(s"$s2.UsesLink"), mod(s"$s2.UsesS1Input")))
      assert(g.edges.map { case (from, d) => (Urn.fqnOf(from), d.declaredUrn, Urn.fqnOf(d.targetUrn), d.kind) }.toSet == Set(
        (s"$s2.UsesLink", Urn.link(s"$s1.Out"), s"$s1.Out", EdgeKind.Link),
        (s"$s1.Out", mod(s"$s1.Nums"), s"$s1.Nums", EdgeKind.SameStage),
        (s"$s2.UsesS1Input", mod(s"$s1.Nums"), s"$s1.Nums", EdgeKind.CrossStageInput)))
    }
  }

  test("a module of one language uses another language's module of its stage (ext edge)") {
    val mixed = "smv.testapp.mixed"
    val scala = new ScalaDataSetRepository(Seq(mixed))
    val isPy = (u: String) => u.contains(".py.")
    val repos = Seq(new ViewRepository(scala, "scala", u => !isPy(u)),
      new ViewRepository(scala, "python", isPy, Some(Language.LANGUAGE_PYTHON)))
    withAppOf(repos, Seq(mixed)) { app =>
      val df = app.runModule(mod(s"$mixed.ScalaUser"))
      assert(df.collect().map(r => (r.getString(0), r.getInt(1))).toSeq == Seq(("q", 102)))
      val json = parse(app.dependencyGraphJson(java.util.List.of(mod(s"$mixed.ScalaUser"))))
      implicit val f: Formats = DefaultFormats
      val edges = (json \ "edges").extract[List[Map[String, String]]]
      assert(edges.map(e => (e("kind"), e("to"))).toSet ==
        Set("ext" -> mod(s"$mixed.py.PyMod"), "same-stage" -> mod(s"$mixed.py.PyInput")))
      val nodes = (json \ "nodes").extract[List[Map[String, Any]]]
      assert(nodes.map(n => n("fqn") -> n("language")).toMap == Map(
        s"$mixed.ScalaUser" -> "scala", s"$mixed.py.PyMod" -> "python", s"$mixed.py.PyInput" -> "python"))
      assert(nodes.find(_("fqn") == s"$mixed.ScalaUser").get("output") == true)
    }
  }

  test("each dataset runs at most once per run; handles and caches are released at the end") {
    Counters.reset()
    withApp(Seq("smv.testapp.chain")) { app =>
      val before = DataFrameHandles.size
      val out = app.run(Seq(mod("smv.testapp.chain.C"), mod("smv.testapp.chain.Eph"), mod("smv.testapp.chain.Side")))
      assert(Counters.count("A") == 1 && Counters.count("B") == 1 && Counters.count("Eph") == 1)
      assert(out.dataFrame(mod("smv.testapp.chain.C")).head().getLong(0) == 2 + 4 + 6 + 3)
      assert(out.report.ran.size == 6) // Raw, A, B, C, Eph, Side
      assert(DataFrameHandles.size == before)
      assert(spark.sharedState.cacheManager.isEmpty)
    }
  }

  test("stages and the app run their outputs; names resolve from fqn or suffix; run config reaches modules") {
    withApp(Seq(s1, s2), conf = Map("smv.config.factor" -> "7")) { app =>
      assert(app.runStage(s1).urns.toArray.toSeq == Seq(mod(s"$s1.Out")))
      assert(app.runApp().urns.toArray.toSeq == Seq(mod(s"$s1.Out"), mod(s"$s2.UsesLink")))
      assert(app.findUrn(s"$s2.UsesLink") == mod(s"$s2.UsesLink"))
      assert(app.findUrn("UsesExtLink") == mod(s"$s2.UsesExtLink"))
      intercept[SmvException](app.findUrn("Nope"))
      val noStage = intercept[SmvException](app.runStage("no.such.stage"))
      assert(noStage.getMessage.contains("no.such.stage"))
    }
    withApp(Seq("smv.testapp.chain"), conf = Map("smv.config.factor" -> "7")) { app =>
      assert(app.runModule(mod("smv.testapp.chain.UsesConfig")).orderBy("id").collect().map(_.getInt(1)).toSeq == Seq(7, 14, 21))
    }
  }

  test("naming a run's targets, then running them, lists each repository once (as one smv-run does)") {
    val chain = "smv.testapp.chain"
    val counting = new CountingRepository(new ScalaDataSetRepository(Seq(chain), "unused-input"))
    withAppOf(Seq(counting), Seq(chain)) { app =>
      assert(app.allUrnsJava.size > 4) // the stage check at start
      val target = app.findUrn("chain.C") // -m chain.C
      app.run(Seq(target))
      assert(counting.listings.get == 1)
      app.dryRun(Seq(target)) // a later run or plan lists afresh: the catalog may have changed since
      app.run(Seq(target))
      assert(counting.listings.get == 3)
    }
  }

  test("events: one start and one end per dataset, with language, action, rows and time") {
    withApp(Seq("smv.testapp.chain")) { app =>
      val seen = scala.collection.mutable.ArrayBuffer[RunEvent]()
      app.addListener(e => seen += e)
      app.runModule(mod("smv.testapp.chain.C"))
      implicit val f: Formats = DefaultFormats
      val drained = parse(app.drainEventsJson()).extract[List[Map[String, Any]]]
      assert(drained.size == seen.size && seen.size == 8)
      val endC = seen.find(e => e.phase == "end" && e.urn == mod("smv.testapp.chain.C")).get
      assert(endC.language == "scala" && endC.action == "run" && endC.rows.contains(1L) && endC.seconds > 0)
      assert(endC.line.startsWith("end   smv.testapp.chain.C (scala) run 1 rows"))
      assert(app.drainEventsJson() == "[]")
      app.runModule(mod("smv.testapp.chain.C"))
      assert(parse(app.lastRunReportJson()) \ "reused" == JArray(List(JString(mod("smv.testapp.chain.C")))))
    }
  }
}
