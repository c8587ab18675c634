package smv
package repository

import org.apache.spark.sql.{DataFrame, SparkSession}
import smv.repository.v1.{DataSetMetadata, DqmPolicy}

/** What one run hands a repository when it asks for a DataFrame.
  *
  * @param runId     the run the DataFrames (and their handles) belong to
  * @param spark     the driver's Spark session
  * @param runConfig run configuration (`smv.config.<key>` without the prefix)
  */
final class RunContext(val runId: String, val spark: SparkSession, val runConfig: Map[String, String]) {
  private val cached = new java.util.concurrent.ConcurrentLinkedQueue[DataFrame]()

  /** Caches `df` for the rest of the run; the run unpersists it when it ends. */
  def cacheForRun(df: DataFrame): DataFrame = {
    cached.add(df)
    df.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK)
  }

  /** Unpersists what the run cached; called once when the run ends. */
  private[smv] def release(): Unit = {
    var df = cached.poll()
    while (df != null) { df.unpersist(blocking = false); df = cached.poll() }
  }

  override def toString: String = s"RunContext($runId)"
}

object RunContext {
  def apply(runId: String, spark: SparkSession, runConfig: Map[String, String] = Map.empty): RunContext =
    new RunContext(runId, spark, runConfig)
}

/** A dataset's result: its DataFrame and, for inputs, the records that failed to parse. */
final case class RunResult(df: DataFrame, parserErrorCount: Long = 0L, parserErrorSamples: Seq[String] = Nil)

/** The SmvDataSetRepository contract (proto/smv/repository/v1/repository.proto) in Scala terms.
  *
  * Urns are canonical (`urn:smv:mod:<fqn>`); a repository never owns a link urn.
  * Asking about a urn the repository does not own raises `DataSetNotFoundException`.
  */
trait DataSetRepository {
  /** Names the repository in error messages, e.g. "scala repository (stages: a, b)". */
  def name: String

  /** The stages (packages) the repository serves, in configured order. */
  def stages: Seq[String]

  /** Does this repository own the dataset? (original: hasDataSet) */
  def hasDataSet(urn: String): Boolean

  /** Metadata of `urns`, requested ones first in request order; with
    * `includeDependencyClosure` also every dataset they depend on transitively that this
    * repository owns (links and foreign datasets are named, not followed).
    */
  def metadata(urns: Seq[String], includeDependencyClosure: Boolean): Seq[DataSetMetadata]

  /** Is the result kept out of persistence? (original: isEphemeral) */
  def isEphemeral(urn: String): Boolean

  /** Dependency urns in declaration order. (original: dependencies) */
  def dependencies(urn: String): Seq[String]

  /** Hash of the dataset's code, optionally with its superclasses'. (original: datasetHash) */
  def datasetHash(urn: String, includeSuperClass: Boolean): String

  /** The DQM policy, type-specific policy included. (original: dqmWithTypeSpecificPolicy) */
  def dqm(urn: String): DqmPolicy

  /** urns of the stage's SmvOutput modules, sorted. (original: outputModsForStage) */
  def outputModulesForStage(stage: String): Seq[String]

  /** urns of every dataset of `stage`, or of all stages, sorted. */
  def listDataSets(stage: Option[String]): Seq[String]

  /** Runs the dataset on its dependencies' results, keyed by the urns `dependencies` lists. */
  def getDataFrame(urn: String, dependencies: Map[String, DataFrame], run: RunContext): RunResult

  /** Reloads the dataset's changed code where the language allows it, then runs it. */
  def rerun(urn: String, dependencies: Map[String, DataFrame], run: RunContext): RunResult
}
