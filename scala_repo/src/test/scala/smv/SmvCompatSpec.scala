package smv

import scala.jdk.CollectionConverters._

import org.scalatest.funsuite.AnyFunSuite
import smv.testapp.compat.{a, b}
import smv.driver.RunOptions
import smv.repository.{ScalaDataSetRepository, Urn}
import smv.resolve.EdgeKind

/** SMV 2.x's Scala surface: `org.tresamigos.smv._`, link objects, `smvGetRunConfig*`,
  * Column DQM, and clear errors for what is not supported (apps in `smv.testapp.compat`).
  */
class SmvCompatSpec extends AnyFunSuite with AppFixture {
  private val pkg = "smv.testapp.compat"
  private val (sa, sb) = (s"$pkg.a", s"$pkg.b")

  test("link objects (SmvModuleLink and SmvExtModuleLink) resolve like the value form and are never datasets") {
    withApp(Seq(sa, sb)) { app =>
      val rows = app.runModule(mod(s"$sb.UsesLinkObjects")).collect().map(_.getInt(0)).sorted.toSeq
      assert(rows == Seq(10, 10, 20, 20, 30, 30))
      assert(app.runModule(mod(s"$sb.UsesLinkValue")).collect().map(_.getInt(0)).sorted.toSeq == Seq(10, 20, 30))
      val urns = app.allUrnsJava.asScala.toSeq
      assert(!urns.exists(_.endsWith("Link")), urns)
      val g = app.dependencyGraph(Seq(mod(s"$sb.UsesLinkObjects")))
      assert(g.edges.map { case (from, d) => (Urn.fqnOf(from), d.declaredUrn, d.kind) }.toSet == Set(
        (s"$sb.UsesLinkObjects", Urn.link(s"$sa.Out"), EdgeKind.Link),
        (s"$sa.Out", mod(s"$sa.Nums"), EdgeKind.SameStage)))
      val plan = app.dryRun(Seq(mod(s"$sb.UsesLinkObjects")), RunOptions(false))
      assert(plan.datasets.map(d => Urn.fqnOf(d.urn)).toSet == Set(s"$sb.UsesLinkObjects", s"$sa.Out", s"$sa.Nums"))
    }
  }

  test("a link object equals its value form and declares the same urn") {
    assert(b.OutLink == SmvModuleLink(a.Out) && b.OutLink.urn == Urn.link(s"$sa.Out"))
    assert(b.ExtOutLink == SmvExtModuleLink(s"$sa.Out") && b.ExtOutLink.hashCode == SmvModuleLink(a.Out).hashCode)
    val repo = new ScalaDataSetRepository(Seq(sa, sb))
    assert(repo.dependencies(mod(s"$sb.UsesLinkObjects")) == Seq(Urn.link(s"$sa.Out"), Urn.link(s"$sa.Out")))
    assert(repo.listDataSets(Some(sb)) == Seq(mod(s"$sb.UsesLinkObjects"), mod(s"$sb.UsesLinkValue")))
  }

  test("smvGetRunConfig* read smv.config.<key> with SMV's truth values") {
    withApp(Seq(sa), Map("smv.config.min" -> " 2 ", "smv.config.label" -> "x y", "smv.config.flag" -> "TRUE")) { app =>
      val rows = app.runModule(mod(s"$sa.Configured")).orderBy("n").collect()
        .map(r => (r.getInt(0), r.getString(1), r.getBoolean(2), r.getBoolean(3))).toSeq
      assert(rows == Seq((2, "x y", true, false), (3, "x y", true, false)))
    }
    withApp(Seq(sa), Map("smv.config.min" -> "two")) { app =>
      val e = intercept[SmvException](app.runModule(mod(s"$sa.Configured")))
      assert(e.getMessage.contains("run configuration smv.config.min = 'two': expected an integer"), e.getMessage)
    }
    val outside = intercept[SmvException](a.Configured.smvGetRunConfig("min"))
    assert(outside.getMessage == "smvGetRunConfig(min) is only available while a dataset runs (in run)")
  }

  test("DQM rules and fixes given as Columns travel as the Spark SQL text Spark parses back") {
    withApp(Seq(sa)) { _ =>
      val dqm = a.Checked.dqm().toProto
      assert(dqm.rules.map(r => (r.name, r.expression)) == Seq(("small", "((n < 3) AND (n IS NOT NULL))")))
      assert(dqm.fixes.map(f => (f.name, f.condition, f.column, f.value)) == Seq(("one_to_zero", "(n = 1)", "n", "0")))
    }
  }

  test("an SMV feature that is not supported fails naming it") {
    val jdbc = intercept[SmvException](new ScalaDataSetRepository(Seq(s"$pkg.jdbc")).listDataSets(None))
    assert(jdbc.getMessage.contains("SmvJdbcTable is not supported by this SMV (it was part of SMV 2.2.0.0)"), jdbc.getMessage)
  }
}
