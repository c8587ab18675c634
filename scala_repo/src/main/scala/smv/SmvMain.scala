package smv

import java.io.PrintStream

import scala.util.control.NonFatal

import org.apache.spark.sql.SparkSession
import smv.driver.{PropsFile, PythonRepositoryProcess, RunOptions, SmvApp, SmvConfig, SparkMaster}
import smv.grpc.{ClientTls, GrpcDataSetRepository, GrpcSettings}
import smv.repository.{ScalaDataSetRepository, Urn}

/** Scala-driven runs: `spark-submit --class smv.SmvMain smv-assembly.jar [options]`.
  *
  * {{{
  * --app-dir DIR       the app folder: its conf/smv-app-conf.props (then conf/smv-user-conf.props),
  *                     and, when it has src/main/python, a Python repository process attached to
  *                     this driver (Python modules run in this Spark session)
  * --python EXE        the Python for that process (default: $PYSPARK_PYTHON, else python3); one process
  *                     per group of smv.pythonStageGroups (e.g. "s1, s2; s3"), each started within
  *                     smv.pythonStartTimeoutSeconds (default 120)
  * --props FILE        app properties (conf/smv-app-conf.props); repeatable, later wins
  * --conf KEY=VALUE    one property (e.g. smv.stages=s1,s2); wins over --props
  * --repository TARGET a running repository server (unix:/path or host:port); repeatable.
  *                     Its token: --token, else $SMV_REPOSITORY_TOKEN.
  * --tls-ca PEM        connect to the --repository servers with TLS, trusting this CA
  * --tls-cert PEM --tls-key PEM   this client's certificate and PKCS#8 key (mutual TLS)
  * -m NAME             run a dataset (urn, fqn or unique fqn suffix); repeatable
  * -s STAGE            run a stage's outputs; repeatable
  * --run-app           run every stage's outputs
  * --force-run-all     recompute the requested datasets and everything upstream
  * --dry-run           print what would run or be reused, and why; run nothing
  * --graph [json|dot]  print the dependency graph of the requested datasets (all when none)
  * }}}
  * The Scala repository of the stages is always registered. Exit status 0, or 1 with
  * the error's message on stderr.
  */
object SmvMain {
  final case class Args(appDir: Option[String] = None, python: Option[String] = None,
      props: Map[String, String] = Map.empty, repositories: Seq[String] = Nil,
      token: Option[String] = None, tls: Map[String, String] = Map.empty, modules: Seq[String] = Nil, stages: Seq[String] = Nil, runApp: Boolean = false,
      forceRunAll: Boolean = false, dryRun: Boolean = false, graph: Option[String] = None)

  def main(args: Array[String]): Unit = {
    try SparkMaster.checkReachable(new org.apache.spark.SparkConf().get("spark.master", ""))
    catch {
      case e: SmvException =>
        System.err.println(s"smv: ${e.getMessage}")
        sys.exit(1)
    }
    val spark = withPySparkDefaults(SparkSession.builder().appName("smv")).getOrCreate()
    val code = try run(args.toSeq, spark, System.out, System.err) finally spark.stop()
    sys.exit(code)
  }

  /** What pyspark sets when it starts Spark, unless the user chose otherwise: without it, a session
    * isolates its files and the Python workers would not see the app's code shipped with addPyFile. */
  private val PySparkDefaults = Map("spark.sql.artifact.isolation.enabled" -> "false")

  private def withPySparkDefaults(builder: SparkSession.Builder): SparkSession.Builder = {
    val conf = new org.apache.spark.SparkConf()
    PySparkDefaults.foldLeft(builder) { case (b, (k, v)) => if (conf.contains(k)) b else b.config(k, v) }
  }

  def parse(args: Seq[String]): Args = {
    def loop(rest: List[String], a: Args, conf: Map[String, String]): Args = rest match {
      case Nil => a.copy(props = a.props ++ conf)
      case "--app-dir" :: dir :: tail =>
        val app = java.nio.file.Paths.get(dir).toAbsolutePath.normalize
        val files = Seq("smv-app-conf.props", "smv-user-conf.props").map(f => app.resolve("conf").resolve(f))
        if (!java.nio.file.Files.isRegularFile(files.head))
          throw new IllegalArgumentException(s"no SMV app at $app: expected its configuration at ${files.head}")
        val fromFiles = files.filter(java.nio.file.Files.isRegularFile(_)).map(f => readProps(f.toString)).reduce(_ ++ _)
        loop(tail, a.copy(appDir = Some(app.toString), props = a.props ++ fromFiles + ("smv.appDir" -> app.toString)), conf)
      case "--python" :: exe :: tail => loop(tail, a.copy(python = Some(exe)), conf)
      case "--props" :: file :: tail => loop(tail, a.copy(props = a.props ++ readProps(file)), conf)
      case "--conf" :: kv :: tail if kv.contains("=") =>
        loop(tail, a, conf + (kv.takeWhile(_ != '=') -> kv.dropWhile(_ != '=').drop(1)))
      case "--repository" :: t :: tail => loop(tail, a.copy(repositories = a.repositories :+ t), conf)
      case "--token" :: t :: tail => loop(tail, a.copy(token = Some(t)), conf)
      case (o @ ("--tls-ca" | "--tls-cert" | "--tls-key")) :: file :: tail => loop(tail, a.copy(tls = a.tls + (o -> file)), conf)
      case "-m" :: m :: tail => loop(tail, a.copy(modules = a.modules :+ m), conf)
      case "-s" :: s :: tail => loop(tail, a.copy(stages = a.stages :+ s), conf)
      case "--run-app" :: tail => loop(tail, a.copy(runApp = true), conf)
      case "--force-run-all" :: tail => loop(tail, a.copy(forceRunAll = true), conf)
      case "--dry-run" :: tail => loop(tail, a.copy(dryRun = true), conf)
      case "--graph" :: fmt :: tail if fmt == "json" || fmt == "dot" => loop(tail, a.copy(graph = Some(fmt)), conf)
      case "--graph" :: tail => loop(tail, a.copy(graph = Some("dot")), conf)
      case other :: _ => throw new IllegalArgumentException(s"unknown or incomplete option '$other' (see smv.SmvMain's usage)")
    }
    loop(args.toList, Args(), Map.empty)
  }

  private def clientTls(a: Args): Option[ClientTls] = a.tls.get("--tls-ca") match {
    case Some(ca) => Some(ClientTls(ca, a.tls.get("--tls-cert"), a.tls.get("--tls-key")))
    case None if a.tls.nonEmpty => throw new IllegalArgumentException("--tls-cert/--tls-key need --tls-ca (the CA of the servers' certificates)")
    case None => None
  }

  /** A conf file's properties, values trimmed (as Python's smv.app.config reads them). */
  private def readProps(file: String): Map[String, String] = PropsFile.read(file).map { case (k, v) => k -> v.trim }

  /** Runs the command line; returns the exit status. */
  def run(args: Seq[String], spark: SparkSession, out: PrintStream, err: PrintStream): Int = {
    try {
      val a = parse(args)
      val config = SmvConfig(a.props)
      if (config.stages.isEmpty) throw new SmvException("no stages: set smv.stages (--props or --conf smv.stages=...)")
      config.checkLocations()
      val token = a.token.orElse(sys.env.get("SMV_REPOSITORY_TOKEN")).getOrElse("")
      val exe = a.python.orElse(sys.env.get("PYSPARK_PYTHON")).getOrElse("python3")
      val python = a.appDir.filter(d => java.nio.file.Files.isDirectory(java.nio.file.Paths.get(d, "src", "main", "python")))
        .map(dir => PythonRepositoryProcess.startAll(
          config.pythonStageGroups.map(PythonRepositoryProcess.Spec(dir, exe, config.inputDir, _)), config.pythonStartTimeoutMillis))
      python.foreach(_.processes.foreach(p => out.println(s"started ${p.description}")))
      // from here on the Python processes (and their temporary folders) are stopped whatever fails
      try runApp(a, config, token, python, spark, out)
      finally python.foreach(_.close())
    } catch {
      case NonFatal(e) =>
        err.println(s"smv: ${e.getClass.getSimpleName}: ${e.getMessage}")
        1
    }
  }

  private def runApp(a: Args, config: SmvConfig, token: String, python: Option[PythonRepositoryProcess.Attached],
      spark: SparkSession, out: PrintStream): Int = {
    val connected = scala.collection.mutable.ArrayBuffer[GrpcDataSetRepository]()
    val app = try {
      a.repositories.foreach(t => connected += GrpcDataSetRepository.connect(t, token, GrpcSettings(), clientTls(a)))
      new SmvApp(config, (new ScalaDataSetRepository(config.stages, config.inputDir) +: connected.toSeq) ++
        python.toSeq.flatMap(_.repositories), spark)
    } catch { case NonFatal(e) => connected.foreach(r => try r.close() catch { case NonFatal(_) => () }); throw e }
    try {
      val named = a.modules.map(app.findUrn)
      val urns = (named ++ a.stages.flatMap(app.outputsOf) ++ (if (a.runApp) app.stages.flatMap(app.outputsOf) else Nil)).distinct
      val options = RunOptions(a.forceRunAll)
      a.graph match {
        case Some(fmt) =>
          val g = app.dependencyGraph(urns)
          out.println(if (fmt == "json") g.toJson else g.toDot)
        case None if urns.isEmpty => throw new SmvException("nothing to run: give -m, -s, --run-app or --graph")
        case None if a.dryRun =>
          app.dryRun(urns, options).datasets.foreach { d =>
            out.println(f"${d.action}%-5s ${Urn.fqnOf(d.urn)} (${d.language}): ${d.reason}")
            d.descriptions.foreach { case (c, text) => out.println(s"        $c: $text") }
          }
        case None =>
          app.addListener(e => out.println(e.line))
          val outcome = app.run(urns, options)
          out.println(s"ran ${outcome.report.ran.size}, reused ${outcome.report.reused.size} (run ${outcome.runId})")
      }
      0
    } finally app.close()
  }
}
