package smv

import java.io.{ByteArrayOutputStream, PrintStream}

import org.scalatest.funsuite.AnyFunSuite

class SmvMainSpec extends AnyFunSuite with SparkSuite {
  private def main(args: String*): (Int, String, String) = {
    val (o, e) = (new ByteArrayOutputStream(), new ByteArrayOutputStream())
    val code = SmvMain.run(args, spark, new PrintStream(o, true), new PrintStream(e, true))
    (code, o.toString, e.toString)
  }

  test("runs datasets by name, prints a line per dataset, then reuses; dry run and graph run nothing") {
    val out = tempDir("main-out")
    val props = tempDir("main-conf").resolve("smv-app-conf.props")
    TestFiles.write(props, s"smv.stages = smv.testapp.s1, smv.testapp.s2\nsmv.outputDir = $out\n")
    val base = Seq("--props", props.toString)
    val (c1, o1, e1) = main(base ++ Seq("-m", "UsesLink"): _*)
    assert(c1 == 0, e1)
    assert(o1.linesIterator.exists(_.startsWith("end   smv.testapp.s2.UsesLink (scala) run 3 rows")))
    assert(o1.contains("ran 3, reused 0"))
    val (_, o2, _) = main(base ++ Seq("-s", "smv.testapp.s2", "--dry-run"): _*)
    assert(o2.linesIterator.exists(_.startsWith(s"reuse smv.testapp.s2.UsesLink (scala): persisted at $out/")), o2)
    val (_, o3, _) = main(base ++ Seq("-m", "smv.testapp.s2.UsesLink", "--graph", "json"): _*)
    assert(o3.contains("\"kind\":\"link\""))
    val (c4, _, e4) = main(base ++ Seq("-m", "smv.testapp.s2.Direct"): _*)
    assert(c4 == 1 && e4.contains("CrossStageDependencyException") && e4.contains("smv.testapp.s1.Out"))
    val (c5, _, e5) = main("--conf", s"smv.outputDir=$out", "-m", "X")
    assert(c5 == 1 && e5.contains("no stages"))
    val (c6, _, e6) = main("--bogus")
    assert(c6 == 1 && e6.contains("--bogus"))
  }
}
