package smv
package repository

import java.nio.charset.StandardCharsets.UTF_8

import scala.jdk.CollectionConverters._
import scala.util.control.NonFatal

import org.apache.spark.sql.DataFrame
import smv.repository.v1.{DataSetMetadata, DqmPolicy, Language}
import smv.driver.SmvConfig

/** The Scala datasets of the stage packages: `object`s extending SmvModule or an input,
  * found by scanning the class path (subpackages included). An object's fqn is its
  * full name without the trailing `$`.
  *
  * @param stages      stage packages, in configured order
  * @param inputDir    the app's input directory (SmvCsvFile paths are relative to it)
  * @param classLoader where the stage classes live (the thread's context loader by default)
  */
final class ScalaDataSetRepository(
    val stages: Seq[String],
    val inputDir: String = SmvConfig.DefaultInputDir,
    classLoader: ClassLoader = ScalaDataSetRepository.defaultLoader) extends DataSetRepository {

  require(stages.nonEmpty, "ScalaDataSetRepository needs at least one stage")

  val name: String = s"scala repository (stages: ${stages.mkString(", ")})"
  private val env = DataSetEnv(inputDir)

  import ScalaDataSetRepository.Found

  private lazy val found: Map[String, Found] = discover()

  private def discover(): Map[String, Found] = {
    val byUrn = for {
      stage <- stages.distinct
      classNames = ClassPathScanner.classNamesUnder(stage, classLoader)
      objectName <- classNames if isTopLevelObject(objectName, stage)
      ds <- load(objectName)
      if ownerStage(ds.fqn).contains(stage)
    } yield {
      val cls = ds.getClass
      val supers = CodeHash.userSupertypes(cls)
      val code = CodeHash.ofClasses(CodeHash.objectClasses(cls, classNames), classLoader)
      val superHash = if (supers.isEmpty) None else Some(CodeHash.ofClasses(supers.map(_.getName), classLoader))
      ds.urn -> Found(ds, stage, code, superHash)
    }
    byUrn.toMap
  }

  /** `a.b.M$` directly or in a subpackage of the stage, not nested in another class. */
  private def isTopLevelObject(className: String, stage: String): Boolean =
    className.endsWith("$") && className.startsWith(stage + ".") && {
      val simple = className.substring(className.lastIndexOf('.') + 1).stripSuffix("$")
      simple.nonEmpty && !simple.contains('$') && simple != "package"
    }

  private def load(objectName: String): Option[SmvDataSet] = {
    val cls = try Class.forName(objectName, false, classLoader) catch {
      case _: ClassNotFoundException | _: LinkageError => return None
    }
    if (!classOf[SmvDataSet].isAssignableFrom(cls) || classOf[SmvDataSetReference].isAssignableFrom(cls)) None
    else {
      val module = try cls.getField("MODULE$") catch { case _: NoSuchFieldException => return None }
      try Option(module.get(null)).map(_.asInstanceOf[SmvDataSet])
      catch {
        case e: ExceptionInInitializerError =>
          throw new SmvException(s"initializing ${objectName.stripSuffix("$")} failed: ${e.getCause}", e.getCause)
      }
    }
  }

  /** The longest configured stage prefixing `fqn`. */
  private def ownerStage(fqn: String): Option[String] =
    stages.filter(s => fqn.startsWith(s + ".")).sortBy(-_.length).headOption

  private def lookup(urn: String): Found = {
    if (Urn.parse(urn).isLink) throw new LinkUrnNotAcceptedException(urn)
    found.getOrElse(urn, throw new DataSetNotFoundException(urn, name))
  }

  /** The dataset object behind `urn` (for tools and tests). */
  def dataSet(urn: String): SmvDataSet = lookup(urn).ds

  def hasDataSet(urn: String): Boolean = { Urn.parse(urn); found.contains(urn) }

  private def declaredDependencies(f: Found): Seq[String] = {
    val deps = f.ds.requiresDS
    if (deps == null || deps.contains(null))
      throw new SmvException(s"${f.ds.urn}: requiresDS holds null (define requiresDS with 'def', not 'val', " +
        "when objects refer to each other)")
    deps.map(_.urn)
  }

  private def hashes(f: Found): (String, String) = {
    val own = Sha256.ofParts(Seq(f.codeHash, f.ds.version.getOrElse(""), f.ds.hashInputs(env)).map(_.getBytes(UTF_8)))
    (own, f.superHash.fold(own)(s => Sha256.ofParts(Seq(own, s).map(_.getBytes(UTF_8)))))
  }

  private def toMetadata(f: Found): DataSetMetadata = {
    val (hash, withSuper) = hashes(f)
    val ds = f.ds
    DataSetMetadata(
      urn = ds.urn,
      kind = ds.kind,
      language = Language.LANGUAGE_SCALA,
      stage = f.stage,
      dependencyUrns = declaredDependencies(f),
      hash = hash,
      hashWithSuperClass = withSuper,
      isEphemeral = ds.isEphemeral,
      isOutput = ds.isInstanceOf[SmvOutput],
      dqm = Some(ds.dqmWithTypeSpecificPolicy().toProto),
      description = Option(ds.description).getOrElse(""),
      tableName = ds match { case o: SmvOutput => o.tableName; case _ => None },
      version = ds.version)
  }

  def metadata(urns: Seq[String], includeDependencyClosure: Boolean): Seq[DataSetMetadata] = {
    val requested = urns.map(lookup)
    if (!includeDependencyClosure) requested.distinctBy(_.ds.urn).map(toMetadata)
    else {
      val seen = scala.collection.mutable.LinkedHashMap[String, Found]()
      def visit(f: Found): Unit = if (!seen.contains(f.ds.urn)) {
        seen(f.ds.urn) = f
        declaredDependencies(f).flatMap(found.get).foreach(visit)
      }
      requested.foreach(f => seen(f.ds.urn) = f)
      requested.foreach(f => declaredDependencies(f).flatMap(found.get).foreach(visit))
      seen.values.toSeq.map(toMetadata)
    }
  }

  def isEphemeral(urn: String): Boolean = lookup(urn).ds.isEphemeral
  def dependencies(urn: String): Seq[String] = declaredDependencies(lookup(urn))
  def datasetHash(urn: String, includeSuperClass: Boolean): String = {
    val (own, withSuper) = hashes(lookup(urn))
    if (includeSuperClass) withSuper else own
  }
  def dqm(urn: String): DqmPolicy = lookup(urn).ds.dqmWithTypeSpecificPolicy().toProto

  private def checkStage(stage: String): Unit = if (!stages.contains(stage)) throw new StageNotFoundException(stage, stages)

  def outputModulesForStage(stage: String): Seq[String] = {
    checkStage(stage)
    found.values.filter(f => f.stage == stage && f.ds.isInstanceOf[SmvOutput]).map(_.ds.urn).toSeq.sorted
  }

  def listDataSets(stage: Option[String]): Seq[String] = {
    stage.foreach(checkStage)
    found.values.filter(f => stage.forall(_ == f.stage)).map(_.ds.urn).toSeq.sorted
  }

  def getDataFrame(urn: String, dependencies: Map[String, DataFrame], run: RunContext): RunResult = {
    val f = lookup(urn)
    val result = try SmvRunConfig.withRunConfig(run.runConfig)(f.ds.compute(new runParams(dependencies, run), env)) catch {
      case e: SmvException => throw e
      case NonFatal(e) => throw new DataSetRunException(urn, name, e)
    }
    if (result == null || result.df == null) throw new DataSetRunException(urn, name,
      new IllegalStateException("run returned null instead of a DataFrame"))
    result
  }

  /** Compiled Scala cannot be reloaded in a running JVM: runs the loaded code again. */
  def rerun(urn: String, dependencies: Map[String, DataFrame], run: RunContext): RunResult =
    getDataFrame(urn, dependencies, run)

  override def toString: String = name
}

object ScalaDataSetRepository {
  private final case class Found(ds: SmvDataSet, stage: String, codeHash: String, superHash: Option[String])

  private[smv] def defaultLoader: ClassLoader =
    Option(Thread.currentThread.getContextClassLoader).getOrElse(getClass.getClassLoader)

  /** For py4j: `ScalaDataSetRepository.create(["stage1", "stage2"], "/app/data/input")`. */
  def create(stages: java.util.List[String], inputDir: String): ScalaDataSetRepository =
    new ScalaDataSetRepository(stages.asScala.toSeq, inputDir)

  /** From app config: `smv.stages` and `smv.inputDir` (see SmvConfig). */
  def fromConf(conf: java.util.Map[String, String]): ScalaDataSetRepository = {
    val c = SmvConfig(conf.asScala.toMap)
    new ScalaDataSetRepository(c.stages, c.inputDir)
  }
}
