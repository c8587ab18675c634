package smv
package driver

import java.nio.file.Paths
import smv.persist.DataLocation

/** An app's configuration: the `smv.*` properties of `conf/smv-app-conf.props` (plus
  * command-line overrides), as a map.
  *
  *  - `smv.appName`   (default "smv")
  *  - `smv.appDir`    relative directories below are resolved against it (default: the working directory)
  *  - `smv.stages`    comma-separated stage packages, in order
  *  - `smv.dataDir`   (default `data`); these three are paths (relative to smv.appDir) or Hadoop URIs
  *  - `smv.inputDir`  (default `<dataDir>/input`)
  *  - `smv.outputDir` (default `<dataDir>/output`)
  *  - `smv.config.<key>` run configuration, handed to modules as `<key>`
  *  - `smv.lockLeaseSeconds` how long a crashed run's locks and temporary folders block others (default 60; see Leases)
  *  - `smv.parallelism` datasets of a run computed at once (default: the JVM's processors, 2 to 8)
  */
final case class SmvConfig(props: Map[String, String]) {
  def get(key: String): Option[String] = props.get(key).map(_.trim).filter(_.nonEmpty)

  def appName: String = get("smv.appName").getOrElse("smv")

  def stages: Seq[String] = get("smv.stages").toSeq.flatMap(_.split(",")).map(_.trim).filter(_.nonEmpty)

  private def resolve(path: String): String =
    if (SmvConfig.isUri(path) || Paths.get(path).isAbsolute) path
    else get("smv.appDir").map(d => Paths.get(d).resolve(path).toString).getOrElse(Paths.get(path).toAbsolutePath.toString)

  def dataDir: String = resolve(get("smv.dataDir").getOrElse("data"))
  def inputDir: String = get("smv.inputDir").map(resolve).getOrElse(child(dataDir, "input"))
  def outputDir: String = get("smv.outputDir").map(resolve).getOrElse(child(dataDir, "output"))

  /** The setting each directory came from (for error messages): its own, else smv.dataDir's default. */
  def inputDirSetting: String = if (get("smv.inputDir").isDefined) "smv.inputDir" else "smv.inputDir (from smv.dataDir)"
  def outputDirSetting: String = if (get("smv.outputDir").isDefined) "smv.outputDir" else "smv.outputDir (from smv.dataDir)"

  /** Fails with one sentence naming the location and its setting when Hadoop cannot reach it. */
  def checkLocations(): Unit = {
    DataLocation.check(inputDir, inputDirSetting)
    DataLocation.check(outputDir, outputDirSetting)
  }

  private def child(base: String, name: String): String =
    if (SmvConfig.isUri(base)) base.stripSuffix("/") + "/" + name else Paths.get(base).resolve(name).toString

  /** The groups of stages that each get a Python repository process of their own in Scala-driven
    * runs (`smv.pythonStageGroups = s1, s2; s3`); stages in no group form one more group. */
  def pythonStageGroups: Seq[Seq[String]] = {
    val groups = get(SmvConfig.PythonStageGroupsKey).toSeq.flatMap(_.split(";"))
      .map(_.split(",").map(_.trim).filter(_.nonEmpty).toSeq).filter(_.nonEmpty)
    val listed = groups.flatten
    listed.diff(listed.distinct).distinct.foreach(s =>
      throw new SmvException(s"${SmvConfig.PythonStageGroupsKey}: stage $s is in more than one group"))
    listed.filterNot(stages.contains).foreach(s =>
      throw new SmvException(s"${SmvConfig.PythonStageGroupsKey}: $s is not one of smv.stages (${stages.mkString(", ")})"))
    val rest = stages.filterNot(listed.contains)
    groups ++ (if (rest.nonEmpty) Seq(rest) else Nil)
  }

  /** How long a Python repository process may take to start serving. */
  def pythonStartTimeoutMillis: Long =
    millisOfSeconds(SmvConfig.PythonStartTimeoutKey, 0.001, PythonRepositoryProcess.DefaultStartTimeoutMillis)

  /** A duration setting written in seconds (fractions allowed), in milliseconds: `default` when unset;
    * anything but a number of at least `minSeconds` is an error naming the key and the value. */
  def millisOfSeconds(key: String, minSeconds: Double, default: Long): Long = get(key).map { s =>
    s.toDoubleOption.filter(_ >= minSeconds).map(v => (v * 1000).toLong).getOrElse(
      throw new SmvException(s"$key = $s: expected a number of seconds, at least $minSeconds"))
  }.getOrElse(default)

  /** How many independent datasets of a run are computed at the same time (1: one after another). */
  def parallelism: Int = get("smv.parallelism") match {
    case None => SmvConfig.DefaultParallelism
    case Some(text) => text.toIntOption.filter(_ >= 1).getOrElse(throw new SmvException(
      s"smv.parallelism must be a whole number of at least 1 (datasets computed at once), got '$text'"))
  }

  /** `smv.config.<key>` values, keyed by `<key>`. */
  def runConfig: Map[String, String] =
    props.collect { case (k, v) if k.startsWith(SmvConfig.RunConfigPrefix) => k.stripPrefix(SmvConfig.RunConfigPrefix) -> v }
}

object SmvConfig {
  val RunConfigPrefix = "smv.config."
  val DefaultInputDir: String = "data/input"
  val PythonStageGroupsKey = "smv.pythonStageGroups"
  val PythonStartTimeoutKey = "smv.pythonStartTimeoutSeconds"

  /** A URI (`scheme:...`: file:, hdfs:, s3a:, ...), kept as it is; anything else is a path. */
  def isUri(location: String): Boolean = location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")
  /** Spark jobs of small datasets leave the cores idle between them (planning, gRPC, file commits):
    * a few more datasets at once than cores keeps them busy; more only adds contention. */
  val DefaultParallelism: Int = math.max(2, math.min(8, Runtime.getRuntime.availableProcessors()))
}
