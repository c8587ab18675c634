package smv

import java.io.File
import java.net.URLClassLoader

import org.scalatest.funsuite.AnyFunSuite
import smv.repository.{ScalaDataSetRepository, Urn}

/** The pytest fixtures jar (`bin/sbt fixtures/package`; `bin/sbt test` builds it): its
  * Scala stages load from the jar through their own class loader, as in a Spark session.
  */
class FixturesJarSpec extends AnyFunSuite with AppFixture {
  private lazy val loader: ClassLoader = {
    val jar = new File(sys.props.getOrElse("smv.fixtures.jar", "target/scala-2.13/smv-fixtures.jar"))
    assert(jar.isFile, s"$jar is missing: build it with 'bin/sbt fixtures/package' (bin/sbt test does)")
    new URLClassLoader(Array(jar.toURI.toURL), getClass.getClassLoader)
  }

  private def repo(stages: String*) = new ScalaDataSetRepository(stages, "unused", loader)

  test("the fixture stages are found in the jar") {
    val r = repo("smvfix.scala1", "smvfix.scala2", "smvfix.mixed")
    assert(r.listDataSets(Some("smvfix.scala1")).map(Urn.fqnOf) == Seq("Adults", "Doubled", "DqmData", "DqmLenient",
      "DqmStrict", "Input", "People", "Total").map("smvfix.scala1." + _))
    assert(r.outputModulesForStage("smvfix.scala2").map(Urn.fqnOf) == Seq("smvfix.scala2.UsesPyOutput", "smvfix.scala2.UsesScala1"))
    assert(r.dependencies(mod("smvfix.mixed.ScalaUsesPy")) == Seq(mod("smvfix.mixed.pymods.PyBase")))
  }

  test("Scala -> Scala in a stage and across stages by link give the documented rows") {
    withAppOf(Seq(repo("smvfix.scala1", "smvfix.scala2")), Seq("smvfix.scala1", "smvfix.scala2")) { app =>
      assert(app.runModule(mod("smvfix.scala1.Doubled")).orderBy("k").collect().map(r => (r.getString(0), r.getInt(1))).toSeq ==
        Seq(("a", 2), ("b", 4), ("c", 6)))
      assert(app.runModule(mod("smvfix.scala2.UsesScala1")).head().getLong(0) == 13L)
      intercept[SmvDqmValidationError](app.runModule(mod("smvfix.scala1.DqmStrict")))
      assert(app.runModule(mod("smvfix.scala1.DqmLenient")).collect().map(r => (r.getInt(0), r.getDouble(1))).toSet ==
        Set((1, 0.3), (1, 0.2)))
    }
  }
}
