package smv

import java.util.UUID
import java.util.concurrent.{ConcurrentLinkedDeque, CopyOnWriteArrayList}

import scala.collection.mutable
import scala.jdk.CollectionConverters._
import scala.util.control.NonFatal

import org.apache.spark.sql.{DataFrame, SparkSession}
import org.json4s._
import org.json4s.jackson.JsonMethods.{compact, render}

/** How to run. `forceRunAll` recomputes the requested datasets and everything upstream. */
final case class RunOptions(forceRunAll: Boolean = false)

/** The results of one run: a DataFrame per requested urn, and what the run did. */
final class RunOutcome private[smv] (val runId: String, results: Seq[(String, DataFrame)], val report: RunReport) {
  private val byUrn = results.toMap

  /** The requested urns, in request order. */
  def urns: java.util.List[String] = results.map(_._1).asJava
  def dataFrames: Map[String, DataFrame] = byUrn
  def dataFrame(urn: String): DataFrame =
    byUrn.getOrElse(urn, throw new NoSuchElementException(s"$urn was not requested in run $runId"))
  def reportJson: String = report.toJson
}

/** Runs SMV datasets across the registered repositories (the seed's SmvApp, with the
  * repositories registered once at creation).
  *
  * `runModule(urn)` asks the repositories who owns each urn, resolves dependencies
  * recursively (links and other-language datasets to their owners and canonical
  * urns), runs each dataset at most once per run, reuses persisted results whose hash
  * of hashes is unchanged, applies DQM and persists non-ephemeral results. Every run
  * releases its DataFrame handles and cached data when it ends.
  */
final class SmvApp(val config: SmvConfig, val repositories: Seq[DataSetRepository], val spark: SparkSession)
    extends AutoCloseable {

  require(repositories.nonEmpty, "an SmvApp needs at least one repository")

  val persistence = new Persistence(config.outputDir, spark, Leases.leaseMillis(config))
  private val listeners = new CopyOnWriteArrayList[RunListener]()
  private val pending = new ConcurrentLinkedDeque[RunEvent]()
  private val maxPending = 10000
  @volatile private var lastReport: Option[RunReport] = None

  def addListener(listener: RunListener): Unit = listeners.add(listener)
  def removeListener(listener: RunListener): Unit = listeners.remove(listener)

  // ---------------------------------------------------------------- runs

  /** Runs one dataset; its DataFrame (read back from its persisted result unless ephemeral). */
  def runModule(urn: String): DataFrame = runModule(urn, forceRunAll = false)

  def runModule(urn: String, forceRunAll: Boolean): DataFrame =
    run(Seq(urn), RunOptions(forceRunAll)).dataFrame(urn)

  /** Runs the datasets in one run (shared dependencies run once). */
  def run(urns: Seq[String], options: RunOptions = RunOptions()): RunOutcome =
    inRun(urns, options) { (execution, runId, events) =>
      val results = urns.map(u => u -> execution.result(u))
      new RunOutcome(runId, results, RunReport(runId, events()))
    }

  /** One run's lifecycle: plan, execute `body`, record the report (of a failed run too),
    * and release the run's handles and cached data whatever happens.
    */
  private def inRun[T](urns: Seq[String], options: RunOptions)(body: (Execution, String, () => Seq[RunEvent]) => T): T =
    synchronized {
      val runId = s"run-${UUID.randomUUID()}"
      val ctx = RunContext(runId, spark, config.runConfig)
      val events = mutable.ArrayBuffer[RunEvent]()
      try {
        persistence.cleanLeftovers()
        val graph = new Resolver(repositories, config.runConfig).resolve(urns.distinct)
        body(new Execution(graph, ctx, options, e => { events += e; publish(e) }), runId, () => events.toSeq)
      } finally {
        lastReport = Some(RunReport(runId, events.toSeq))
        DataFrameHandles.releaseRun(runId)
        ctx.release()
      }
    }

  /** Reloads `urn`'s code in its repository (where the language allows) and runs it again,
    * for interactive sessions after editing a module. Dependencies run (or are reused) as
    * usual; the rerun result is validated but not persisted, since its code identity
    * changed after planning: the next `runModule` plans afresh and persists it.
    */
  def rerunModule(urn: String): DataFrame = inRun(Seq(urn), RunOptions())((execution, _, _) => execution.rerun(urn))

  /** Runs every SmvOutput of `stage`. */
  def runStage(stage: String, options: RunOptions): RunOutcome = run(outputsOf(stage), options)
  def runStage(stage: String): RunOutcome = runStage(stage, RunOptions())

  /** Runs every SmvOutput of every stage. */
  def runApp(options: RunOptions): RunOutcome = run(stages.flatMap(outputsOf).distinct, options)
  def runApp(): RunOutcome = runApp(RunOptions())

  /** The configured stages, else every stage a repository serves. */
  def stages: Seq[String] =
    if (config.stages.nonEmpty) config.stages else repositories.flatMap(_.stages).distinct

  def outputsOf(stage: String): Seq[String] = {
    val served = repositories.filter(_.stages.contains(stage))
    if (served.isEmpty)
      throw new SmvException(s"no repository serves stage '$stage' (stages: ${stages.mkString(", ")}; " +
        s"repositories: ${repositories.map(_.name).mkString(", ")})")
    served.flatMap(_.outputModulesForStage(stage)).distinct.sorted
  }

  // ---------------------------------------------------------------- planning

  /** The resolved dependency graph of `urns` (all datasets of the app when empty). */
  def dependencyGraph(urns: Seq[String]): DependencyGraph = {
    val resolver = new Resolver(repositories, config.runConfig)
    resolver.resolve(if (urns.isEmpty) resolver.allUrns else urns.distinct)
  }

  /** What a run of `urns` would do with each dataset, without running anything. */
  def dryRun(urns: Seq[String], options: RunOptions = RunOptions()): RunPlan =
    RunPlan(dependencyGraph(urns), persistence, options.forceRunAll)

  /** The urn a person means by `name`: a urn, an fqn, or a unique fqn suffix ("stage.Mod", "Mod"). */
  def findUrn(name: String): String = {
    if (name.startsWith("urn:")) { Urn.parse(name); name }
    else {
      val all = new Resolver(repositories).allUrns
      val exact = all.filter(u => Urn.fqnOf(u) == name)
      val matches = if (exact.nonEmpty) exact else all.filter(u => Urn.fqnOf(u).endsWith("." + name))
      matches match {
        case Seq(one) => one
        case Seq() => throw new SmvException(s"no dataset is named '$name' (repositories: ${repositories.map(_.name).mkString(", ")})")
        case many => throw new SmvException(s"'$name' is ambiguous: ${many.mkString(", ")}")
      }
    }
  }

  // ---------------------------------------------------------------- py4j-friendly API

  /** py4j: runs `urns` in one run. */
  def runModules(urns: java.util.List[String], forceRunAll: Boolean): RunOutcome =
    run(urns.asScala.toSeq, RunOptions(forceRunAll))

  def runStage(stage: String, forceRunAll: Boolean): RunOutcome = runStage(stage, RunOptions(forceRunAll))
  def runApp(forceRunAll: Boolean): RunOutcome = runApp(RunOptions(forceRunAll))

  /** py4j: the graph as JSON (see DependencyGraph.toJson); all datasets when `urns` is empty. */
  def dependencyGraphJson(urns: java.util.List[String]): String = dependencyGraph(urns.asScala.toSeq).toJson
  def dependencyGraphDot(urns: java.util.List[String]): String = dependencyGraph(urns.asScala.toSeq).toDot

  /** py4j: the dry-run plan as JSON (see RunPlan.toJson). */
  def dryRunJson(urns: java.util.List[String], forceRunAll: Boolean): String =
    dryRun(urns.asScala.toSeq, RunOptions(forceRunAll)).toJson

  /** py4j: the events since the last call, as a JSON array (oldest first). */
  def drainEventsJson(): String = {
    val out = mutable.ArrayBuffer[JValue]()
    var e = pending.pollFirst()
    while (e != null) { out += e.toJValue; e = pending.pollFirst() }
    compact(render(JArray(out.toList)))
  }

  /** py4j: the report of the last run (also of a failed one), or "null". */
  def lastRunReportJson(): String = lastReport.map(_.toJson).getOrElse("null")

  def stagesJava: java.util.List[String] = stages.asJava
  /** py4j: every dataset urn of every repository (nothing resolved, so nothing can fail to resolve). */
  def allUrnsJava: java.util.List[String] = new Resolver(repositories).allUrns.asJava
  /** py4j: the SmvOutput urns of `stage`, in every language. */
  def outputsOfJava(stage: String): java.util.List[String] = outputsOf(stage).asJava
  def outputDir: String = config.outputDir

  // ---------------------------------------------------------------- internals

  private def publish(e: RunEvent): Unit = {
    pending.addLast(e)
    while (pending.size > maxPending) pending.pollFirst()
    listeners.asScala.foreach(l => try l.onEvent(e) catch { case NonFatal(_) => () })
  }

  /** Closes the repositories that hold resources (gRPC channels). */
  override def close(): Unit = repositories.foreach {
    case c: AutoCloseable => try c.close() catch { case NonFatal(_) => () }
    case _ => ()
  }

  /** One run's execution: each dataset computed (or reused) at most once. */
  private final class Execution(graph: DependencyGraph, ctx: RunContext, options: RunOptions, emit: RunEvent => Unit) {
    private val results = mutable.Map[String, DataFrame]()

    def result(urn: String): DataFrame = results.getOrElse(urn, {
      val df = compute(graph(urn))
      results(urn) = df
      df
    })

    private def event(n: ResolvedDataSet, phase: String, action: String, start: Long, rows: Option[Long] = None,
        path: Option[String] = None, message: Option[String] = None): Unit =
      emit(RunEvent(ctx.runId, phase, n.urn, n.language, n.meta.stage, action, rows,
        if (phase == "start") 0.0 else (System.nanoTime() - start) / 1e9, path, message))

    /** Runs `urn` through its repository's `rerun` (code reloaded); not persisted. */
    def rerun(urn: String): DataFrame = {
      val n = graph(urn)
      val deps = n.dependencies.map(d => d.declaredUrn -> result(d.targetUrn)).toMap
      val start = System.nanoTime()
      event(n, "start", "rerun", start)
      try {
        val outcome = validated(n, n.owner.rerun(n.urn, deps, ctx))
        event(n, "end", "rerun", start, outcome.rowsAfter)
        outcome.df
      } catch {
        case NonFatal(e) => event(n, "error", "rerun", start, message = Some(e.getMessage)); throw e
      }
    }

    private def validated(n: ResolvedDataSet, rr: RunResult): DqmOutcome = {
      val outcome = DqmValidator.validate(n.urn, rr.df, n.meta.dqm.getOrElse(smv.repository.v1.DqmPolicy()),
        rr.parserErrorCount, ctx)
      if (!outcome.report.passed) throw new SmvDqmValidationError(n.urn, outcome.report.toJson)
      outcome
    }

    private def compute(n: ResolvedDataSet): DataFrame = {
      val persisted = !n.meta.isEphemeral
      val path = if (persisted) Some(persistence.dataPath(n.fqn, n.hashOfHashes).toString) else None
      val start = System.nanoTime()
      def reusable = persisted && !options.forceRunAll && persistence.exists(n.fqn, n.hashOfHashes)
      def reuse(): DataFrame = {
        event(n, "start", "reuse", start, path = path)
        val df = persistence.read(n.fqn, n.hashOfHashes)
        event(n, "end", "reuse", start, persistence.readInfo(n.fqn, n.hashOfHashes).map(_.rows), path)
        df
      }
      if (reusable) reuse()
      else {
        val deps = n.dependencies.map(d => d.declaredUrn -> result(d.targetUrn)).toMap
        // another run of this app may be computing it: wait for its lock, then reuse what it wrote
        if (persisted) persistence.locks.withLock(persistence.baseName(n.fqn, n.hashOfHashes), () => reusable)(
          run(n, deps, start, path)).getOrElse(reuse())
        else run(n, deps, start, path)
      }
    }

    private def run(n: ResolvedDataSet, deps: Map[String, DataFrame], start: Long, path: Option[String]): DataFrame = {
      event(n, "start", "run", start, path = path)
      try {
        val outcome = validated(n, n.owner.getDataFrame(n.urn, deps, ctx))
        if (n.meta.isEphemeral) {
          event(n, "end", "run", start, outcome.rowsAfter)
          outcome.df
        } else {
          val rows = persistence.write(outcome.df, n.fqn, n.hashOfHashes, outcome.rowsAfter, options.forceRunAll) { r =>
            PersistedInfo(n.urn, n.hashOfHashes, n.meta.hash, n.meta.hashWithSuperClass, Persistence.now(), r,
              Some(outcome.report.toJValue),
              n.dependencies.map(d => d.targetUrn -> graph(d.targetUrn).hashOfHashes).toMap)
          }
          event(n, "end", "run", start, Some(rows), path)
          persistence.read(n.fqn, n.hashOfHashes)
        }
      } catch {
        case NonFatal(e) =>
          event(n, "error", "run", start, path = path, message = Some(e.getMessage))
          throw e
      }
    }
  }
}

object SmvApp {
  /** py4j: an app on the active SparkSession, e.g. from Python
    * `jvm.smv.SmvApp.create({"smv.stages": "s1,s2", "smv.outputDir": out}, [scalaRepo, grpcRepo])`.
    */
  def create(conf: java.util.Map[String, String], repositories: java.util.List[DataSetRepository]): SmvApp =
    create(SparkSession.active, conf, repositories)

  def create(spark: SparkSession, conf: java.util.Map[String, String],
      repositories: java.util.List[DataSetRepository]): SmvApp =
    new SmvApp(SmvConfig(conf.asScala.toMap), repositories.asScala.toSeq, spark)

  def apply(spark: SparkSession, conf: Map[String, String], repositories: DataSetRepository*): SmvApp =
    new SmvApp(SmvConfig(conf), repositories, spark)
}
