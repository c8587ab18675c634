package smv

import java.nio.file.Paths

/** An app's configuration: the `smv.*` properties of `conf/smv-app-conf.props` (plus
  * command-line overrides), as a map.
  *
  *  - `smv.appName`   (default "smv")
  *  - `smv.appDir`    relative directories below are resolved against it (default: the working directory)
  *  - `smv.stages`    comma-separated stage packages, in order
  *  - `smv.dataDir`   (default `data`)
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
    if (path.contains("://") || Paths.get(path).isAbsolute) path
    else get("smv.appDir").map(d => Paths.get(d).resolve(path).toString).getOrElse(Paths.get(path).toAbsolutePath.toString)

  def dataDir: String = resolve(get("smv.dataDir").getOrElse("data"))
  def inputDir: String = get("smv.inputDir").map(resolve).getOrElse(child(dataDir, "input"))
  def outputDir: String = get("smv.outputDir").map(resolve).getOrElse(child(dataDir, "output"))

  private def child(base: String, name: String): String =
    if (base.contains("://")) base.stripSuffix("/") + "/" + name else Paths.get(base).resolve(name).toString

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
  /** Spark jobs of small datasets leave the cores idle between them (planning, gRPC, file commits):
    * a few more datasets at once than cores keeps them busy; more only adds contention. */
  val DefaultParallelism: Int = math.max(2, math.min(8, Runtime.getRuntime.availableProcessors()))
}
