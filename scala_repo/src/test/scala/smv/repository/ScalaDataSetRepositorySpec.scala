package smv
package repository

import java.io.ByteArrayOutputStream
import java.net.URLClassLoader
import java.nio.file.{Files, Path}
import java.util.jar.{JarEntry, JarOutputStream}

import scala.sys.process._

import org.scalatest.funsuite.AnyFunSuite
import smv.repository.v1.{DataSetKind, DataSetPolicy, Language}

class ScalaDataSetRepositorySpec extends AnyFunSuite with SparkSuite {
  private val hashing = "smv.testapp.hashing"
  private def m(fqn: String) = Urn.mod(fqn)

  test("discovers the top-level dataset objects of the stage packages, nothing else") {
    val repo = new ScalaDataSetRepository(Seq(hashing))
    assert(repo.listDataSets(None) == Seq("Other", "Plain", "WithBase").map(n => m(s"$hashing.$n")))
    assert(!repo.hasDataSet(m(s"$hashing.NotADataSet")))
    assert(!repo.hasDataSet(m(s"$hashing.Outer$$Inner")))
    assert(!repo.hasDataSet(m(s"$hashing.Base")))
  }

  test("metadata mirrors the Scala definitions; inputs get the parser-error policy") {
    val repo = new ScalaDataSetRepository(Seq("smv.testapp.chain", "smv.testapp.s1"))
    val closure = repo.metadata(Seq(m("smv.testapp.chain.C")), includeDependencyClosure = true)
    assert(closure.map(_.urn) == Seq("C", "B", "A", "Raw").map(n => m(s"smv.testapp.chain.$n")))
    val (c, raw) = (closure.head, closure.last)
    assert(c.isOutput && !c.isEphemeral && c.kind == DataSetKind.DATA_SET_KIND_MODULE)
    assert(c.language == Language.LANGUAGE_SCALA && c.stage == "smv.testapp.chain" && c.description == "total")
    assert(c.dependencyUrns == Seq(m("smv.testapp.chain.B")))
    assert(raw.kind == DataSetKind.DATA_SET_KIND_INPUT && raw.isEphemeral && !raw.isOutput)
    assert(raw.dqm.get.policies == Seq(DataSetPolicy().withFailParserCount(1)))
    assert(repo.outputModulesForStage("smv.testapp.chain") == Seq("C", "Side").map(n => m(s"smv.testapp.chain.$n")))
    // The contract: a stage not served is NOT_FOUND (STAGE_NOT_FOUND), as in the Python repository.
    val noStage = intercept[StageNotFoundException](repo.outputModulesForStage("no.such.stage"))
    assert(noStage.getMessage.contains("'no.such.stage' is not served here"))
    intercept[StageNotFoundException](repo.listDataSets(Some("no.such.stage")))
    intercept[LinkUrnNotAcceptedException](repo.isEphemeral(Urn.link("smv.testapp.chain.C")))
    assert(!repo.hasDataSet(Urn.link("smv.testapp.chain.C")))
    assert(repo.dependencies(m("smv.testapp.s1.SameStageLink")) == Seq(Urn.link("smv.testapp.s1.Out")))
    assert(repo.listDataSets(Some("smv.testapp.s1")).size == 4)
    val e = intercept[DataSetNotFoundException](repo.isEphemeral(m("smv.testapp.chain.Nope")))
    assert(e.getMessage.contains("smv.testapp.chain.Nope") && e.getMessage.contains(repo.name))
    intercept[MalformedUrnException](repo.hasDataSet("smv.testapp.chain.C"))
  }

  test("hashes: sha256 hex, stable across repository instances, superclass code only in hash_with_super_class") {
    val r1 = new ScalaDataSetRepository(Seq(hashing))
    val r2 = new ScalaDataSetRepository(Seq(hashing))
    val urns = r1.listDataSets(None)
    for (u <- urns; sup <- Seq(true, false)) assert(r1.datasetHash(u, sup) == r2.datasetHash(u, sup))
    val plain = r1.datasetHash(m(s"$hashing.Plain"), includeSuperClass = false)
    assert(plain.matches("[0-9a-f]{64}"))
    assert(r1.datasetHash(m(s"$hashing.Plain"), includeSuperClass = true) == plain)
    assert(plain != r1.datasetHash(m(s"$hashing.Other"), includeSuperClass = false))
    val wb = m(s"$hashing.WithBase")
    assert(r1.datasetHash(wb, includeSuperClass = true) != r1.datasetHash(wb, includeSuperClass = false))
  }

  test("hashes are the same in another JVM") {
    val here = new ScalaDataSetRepository(Seq(hashing))
    val java = sys.props("java.home") + "/bin/java"
    val out = Seq(java, "-cp", sys.props("java.class.path"), "smv.PrintHashes", hashing).!!.trim.linesIterator.toSeq
    val expected = here.listDataSets(None).map(u => s"$u ${here.datasetHash(u, true)} ${here.datasetHash(u, false)}")
    assert(out == expected)
  }

  test("the code hash follows the bytecode: different class bytes, different hash") {
    def loaderWith(bytes: Array[Byte]): ClassLoader = {
      val dir = tempDir("classes")
      Files.createDirectories(dir.resolve("x"))
      Files.write(dir.resolve("x/Y$.class"), bytes)
      new URLClassLoader(Array(dir.toUri.toURL), null)
    }
    val h1 = CodeHash.ofClasses(Seq("x.Y$"), loaderWith(Array[Byte](1, 2, 3)))
    val h2 = CodeHash.ofClasses(Seq("x.Y$"), loaderWith(Array[Byte](1, 2, 4)))
    assert(h1 != h2 && h1 == CodeHash.ofClasses(Seq("x.Y$"), loaderWith(Array[Byte](1, 2, 3))))
  }

  test("a declared version changes the hash") {
    val repo = new ScalaDataSetRepository(Seq("smv.testapp.chain"))
    val a = m("smv.testapp.chain.A")
    val before = repo.datasetHash(a, includeSuperClass = true)
    testapp.Counters.versions.put("A", "2")
    try assert(repo.datasetHash(a, includeSuperClass = true) != before)
    finally testapp.Counters.versions.remove("A")
    assert(repo.datasetHash(a, includeSuperClass = true) == before)
  }

  test("an input's hash covers its path, file time and schema; running it without its files names the path") {
    val input = tempDir("input")
    val people = m("smv.testapp.files.People")
    val repo = new ScalaDataSetRepository(Seq("smv.testapp.files"), input.toString)
    val ctx = RunContext("input-test", spark)
    val h0 = repo.datasetHash(people, includeSuperClass = true) // metadata works without the files
    val missing = intercept[InputNotFoundException](repo.getDataFrame(people, Map.empty, ctx))
    assert(missing.getMessage.contains(input.resolve("csv/people.csv").toString) && missing.getMessage.contains("data file"))
    TestFiles.write(input.resolve("csv/people.csv"), "ann,30\nbob,12\n")
    val noSchema = intercept[InputNotFoundException](repo.getDataFrame(people, Map.empty, ctx))
    assert(noSchema.getMessage.contains(input.resolve("csv/people.schema").toString) && noSchema.getMessage.contains("schema file"))
    val h1 = repo.datasetHash(people, includeSuperClass = true)
    assert(h1 != h0)
    TestFiles.write(input.resolve("csv/people.schema"), "name: String\nage: Integer\n")
    val h2 = repo.datasetHash(people, includeSuperClass = true)
    assert(h2 != h1 && repo.datasetHash(people, includeSuperClass = true) == h2)
    assert(repo.getDataFrame(people, Map.empty, ctx).df.count() == 2)
    TestFiles.write(input.resolve("csv/people.schema"), "name: String\nage: Long\n")
    val h3 = repo.datasetHash(people, includeSuperClass = true)
    assert(h3 != h2)
    Files.setLastModifiedTime(input.resolve("csv/people.csv"), java.nio.file.attribute.FileTime.fromMillis(1000000L))
    assert(repo.datasetHash(people, includeSuperClass = true) != h3)
    val elsewhere = new ScalaDataSetRepository(Seq("smv.testapp.files"), tempDir("input2").toString)
    assert(elsewhere.datasetHash(people, includeSuperClass = true) != repo.datasetHash(people, includeSuperClass = true))
    ctx.release()
  }

  test("runs modules and inputs; the class path scan also reads jars without directory entries") {
    val repo = new ScalaDataSetRepository(Seq("smv.testapp.chain"))
    val ctx = RunContext("repo-test", spark)
    val raw = repo.getDataFrame(m("smv.testapp.chain.Raw"), Map.empty, ctx)
    assert(raw.parserErrorCount == 0 && raw.df.count() == 3)
    val a = repo.getDataFrame(m("smv.testapp.chain.A"), Map(m("smv.testapp.chain.Raw") -> raw.df), ctx)
    assert(a.df.orderBy("id").collect().map(_.getInt(1)).toSeq == Seq(2, 4, 6))
    val missingDep = intercept[SmvException](repo.getDataFrame(m("smv.testapp.chain.A"), Map.empty, ctx))
    assert(missingDep.getMessage.contains("smv.testapp.chain.Raw"))
    ctx.release()

    val jar = tempDir("jar").resolve("no-dirs.jar")
    val jos = new JarOutputStream(Files.newOutputStream(jar))
    jos.putNextEntry(new JarEntry("jarpkg/inner/Thing$.class")); jos.write(Array[Byte](0)); jos.closeEntry()
    jos.close()
    val loader = new URLClassLoader(Array(jar.toUri.toURL), getClass.getClassLoader)
    assert(ClassPathScanner.classNamesUnder("jarpkg", loader) == Seq("jarpkg.inner.Thing$"))
  }
}
