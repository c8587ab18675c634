package smv

import org.apache.spark.sql.DataFrame
import org.scalatest.Suite
import smv.repository.v1.{DataSetMetadata, DqmPolicy, Language}
import smv.driver.SmvApp
import smv.repository.{DataSetRepository, RunContext, RunResult, ScalaDataSetRepository, Urn}

/** Loan pattern: an SmvApp with a fresh output directory, closed afterwards. */
trait AppFixture extends SparkSuite { self: Suite =>
  /** An app over one Scala repository of `stages`. */
  def withApp[T](stages: Seq[String], conf: Map[String, String] = Map.empty, inputDir: String = "unused-input")(
      f: SmvApp => T): T =
    withAppOf(Seq(new ScalaDataSetRepository(stages, inputDir)), stages, conf)(f)

  def withAppOf[T](repositories: Seq[DataSetRepository], stages: Seq[String], conf: Map[String, String] = Map.empty)(
      f: SmvApp => T): T = {
    val out = tempDir("smv-out")
    val app = SmvApp(spark, Map("smv.stages" -> stages.mkString(","), "smv.outputDir" -> out.toString) ++ conf,
      repositories: _*)
    try f(app) finally app.close()
  }

  def mod(fqn: String): String = Urn.mod(fqn)
}

/** The datasets of `inner` that `keep` selects, optionally labelled another language:
  * splits one stage's Scala code into two repositories, e.g. to stand in for a Python
  * repository in cross-language resolution tests.
  */
class ViewRepository(inner: DataSetRepository, label: String, keep: String => Boolean,
    language: Option[Language] = None) extends DataSetRepository {
  val name = s"$label view of ${inner.name}"
  def stages: Seq[String] = inner.stages
  def hasDataSet(urn: String): Boolean = keep(urn) && inner.hasDataSet(urn)
  private def own(urn: String): String = if (hasDataSet(urn)) urn else throw new DataSetNotFoundException(urn, name)
  def metadata(urns: Seq[String], closure: Boolean): Seq[DataSetMetadata] = {
    urns.foreach(own)
    inner.metadata(urns, closure).filter(m => keep(m.urn)).map(m => language.fold(m)(m.withLanguage))
  }
  def isEphemeral(urn: String): Boolean = inner.isEphemeral(own(urn))
  def dependencies(urn: String): Seq[String] = inner.dependencies(own(urn))
  def datasetHash(urn: String, sup: Boolean): String = inner.datasetHash(own(urn), sup)
  def dqm(urn: String): DqmPolicy = inner.dqm(own(urn))
  def outputModulesForStage(stage: String): Seq[String] = inner.outputModulesForStage(stage).filter(keep)
  def listDataSets(stage: Option[String]): Seq[String] = inner.listDataSets(stage).filter(keep)
  def getDataFrame(urn: String, deps: Map[String, DataFrame], run: RunContext): RunResult =
    inner.getDataFrame(own(urn), deps, run)
  def rerun(urn: String, deps: Map[String, DataFrame], run: RunContext): RunResult = inner.rerun(own(urn), deps, run)
}

/** `inner`, counting the dataset lists asked of it. */
class CountingRepository(inner: DataSetRepository) extends ViewRepository(inner, "counting", _ => true) {
  val listings = new java.util.concurrent.atomic.AtomicInteger()
  override def listDataSets(stage: Option[String]): Seq[String] = {
    listings.incrementAndGet()
    super.listDataSets(stage)
  }
}
