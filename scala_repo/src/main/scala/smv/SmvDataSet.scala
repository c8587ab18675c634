package smv

import org.apache.spark.sql.{DataFrame, SparkSession}
import smv.repository.v1.DataSetKind
import smv.repository.{RunContext, RunResult, Urn}

/** Anything a Scala module may name in `requiresDS`: a dataset defined in Scala (an
  * `object` extending SmvModule or an input), a link, or a dataset of another language.
  *
  * A dataset's name is its object's full name (`fqn`); its canonical urn is
  * `urn:smv:mod:<fqn>`.
  */
abstract class SmvDataSet extends SmvRunConfig {
  /** The object's full name without the trailing `$`. */
  def fqn: String = getClass.getName.stripSuffix("$")

  /** The urn other datasets use to depend on this one. */
  def urn: String = Urn.mod(fqn)

  def description: String

  /** Datasets this one depends on, in declaration order. Define it as a `def`. */
  def requiresDS: Seq[SmvDataSet]

  /** True when the result is not persisted. */
  def isEphemeral: Boolean

  /** Data-quality rules, fixes and policies applied to the result. */
  def dqm(): SmvDQM = SmvDQM()

  /** A user-declared version, mixed into the dataset's hash. */
  def version: Option[String] = None

  private[smv] def kind: DataSetKind

  /** The DQM policy plus the policy the dataset's type adds (inputs: parser errors). */
  private[smv] def dqmWithTypeSpecificPolicy(): SmvDQM = dqm()

  /** What, beyond the code, the hash must cover (inputs: path, file time, schema). */
  private[smv] def hashInputs(env: DataSetEnv): String = ""

  /** Computes the result from the dependencies' results. */
  private[smv] def compute(i: runParams, env: DataSetEnv): RunResult

  override def toString: String = urn
}

/** Where datasets find things outside the code: the app's input directory. */
final case class DataSetEnv(inputDir: String)

/** A module: a DataFrame computed by `run` from its dependencies' DataFrames.
  * {{{
  * object Totals extends SmvModule("totals per id") with SmvOutput {
  *   override def requiresDS = Seq(Accounts)
  *   override def run(i: runParams) = i(Accounts).groupBy("id").count()
  * }
  * }}}
  */
abstract class SmvModule(val description: String) extends SmvDataSet {
  def run(i: runParams): DataFrame

  override def isEphemeral: Boolean = false

  private[smv] def kind: DataSetKind = DataSetKind.DATA_SET_KIND_MODULE

  private[smv] def compute(i: runParams, env: DataSetEnv): RunResult = RunResult(run(i))
}

/** Marks a module whose result other stages may use through a link. */
trait SmvOutput extends SmvDataSet {
  /** The table the output is published as, when it names one. */
  def tableName: Option[String] = None
}

/** What `run` receives: the results of the declared dependencies (`i(Dep)`), the Spark
  * session and the run configuration (`smv.config.<key>` without the prefix).
  */
final class runParams private[smv] (results: Map[String, DataFrame], private[smv] val run: RunContext) {
  val spark: SparkSession = run.spark
  def runConfig: Map[String, String] = run.runConfig

  /** The DataFrame of `ds`, which must be among `requiresDS`. */
  def apply(ds: SmvDataSet): DataFrame =
    results.getOrElse(ds.urn, throw new SmvException(
      s"${ds.urn} is not among the declared dependencies (requiresDS): ${results.keys.toSeq.sorted.mkString(", ")}"))

  /** A run configuration value. */
  def config(key: String): Option[String] = runConfig.get(key)
}
