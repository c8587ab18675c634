package smv
package driver

import java.util.UUID
import java.util.concurrent.{ConcurrentHashMap, ConcurrentLinkedDeque, CopyOnWriteArrayList, ExecutorCompletionService, Executors, ThreadFactory}
import java.util.concurrent.atomic.AtomicInteger

import scala.collection.mutable
import scala.jdk.CollectionConverters._
import scala.util.control.NonFatal

import org.apache.spark.sql.{DataFrame, SparkSession}
import org.json4s._
import org.json4s.jackson.JsonMethods.{compact, parse, render}
import smv.dqm.{DqmOutcome, DqmValidator}
import smv.persist.{Leases, PersistedInfo, Persistence, RejectedRecords}
import smv.repository.{DataSetRepository, RunContext, RunResult, Urn}
import smv.resolve.{DependencyGraph, Listing, PostOrder, ResolvedDataSet, Resolver, RunPlan}

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
  /** The app's run log (docs/run-log.md), appended by its own thread: runs never wait for it. */
  val runLog: Option[RunLog] = RunLog.of(config)
  runLog.foreach(listeners.add)

  /** The lists naming calls (`findUrn`, `allUrns`) took since the last run or plan, which
    * takes them over: so `smv-run`, which names its targets and then runs them, lists each
    * repository once. Every later run or plan lists afresh. Guarded by `listingLock`. */
  private var namesListing: Option[Listing] = None
  private val listingLock = new Object

  private def listingForNames(): Listing = listingLock.synchronized {
    namesListing.getOrElse { val l = Listing.of(repositories); namesListing = Some(l); l }
  }

  private def listingForRun(): Listing = listingLock.synchronized {
    val l = namesListing.getOrElse(Listing.of(repositories))
    namesListing = None
    l
  }

  private def runResolver(): Resolver = new Resolver(repositories, config.runConfig, () => listingForRun())

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
      execution.computeAll(urns.distinct)
      val results = urns.map(u => u -> execution.result(u))
      new RunOutcome(runId, results, RunReport(runId, events()))
    }

  /** One run's lifecycle: plan, execute `body`, record the report (of a failed run too),
    * and release the run's handles and cached data whatever happens.
    */
  private def inRun[T](urns: Seq[String], options: RunOptions, kind: String = "run")(
      body: (Execution, String, () => Seq[RunEvent]) => T): T =
    synchronized {
      val runId = s"run-${UUID.randomUUID()}"
      val started = System.nanoTime()
      runLog.foreach(_.runStarted(runId, config.appName, urns.distinct, options, kind))
      DataFrameHandles.openRun(runId)
      val ctx = RunContext(runId, spark, config.runConfig)
      val events = mutable.ArrayBuffer[RunEvent]()
      def record(e: RunEvent): Unit = { events.synchronized(events += e); publish(e) }
      def recorded(): Seq[RunEvent] = events.synchronized(events.toSeq)
      try {
        persistence.cleanLeftovers()
        val graph = runResolver().resolve(urns.distinct)
        runLog.foreach(_.planned(runId, graph, RunPlan(graph, persistence, options.forceRunAll)))
        val result = body(new Execution(graph, ctx, options, record, config.parallelism), runId, () => recorded())
        logRunEnd(runId, started, None, recorded())
        result
      } catch {
        case t: Throwable => logRunEnd(runId, started, Some(t), recorded()); throw t
      } finally {
        lastReport = Some(RunReport(runId, recorded()))
        DataFrameHandles.releaseRun(runId)
        ctx.release()
      }
    }

  /** Reloads `urn`'s code in its repository (where the language allows) and runs it again,
    * for interactive sessions after editing a module. Dependencies run (or are reused) as
    * usual; the rerun result is validated but not persisted, since its code identity
    * changed after planning: the next `runModule` plans afresh and persists it.
    */
  def rerunModule(urn: String): DataFrame = inRun(Seq(urn), RunOptions(), "rerun")((execution, _, _) => execution.rerun(urn))

  /** A DataFrame of inline CSV data read with an SMV schema string, as SMV's shell and tests
    * make test data: `createDF("a:String; b:Integer; c:Timestamp[yyyy-MM-dd]", "x,1,2015-09-30;y,2,")`. */
  def createDF(schemaStr: String, dataStr: String): DataFrame = smv.csv.CsvFrames.createDF(spark, schemaStr, dataStr)

  /** A CSV file read with the SMV schema file beside it (the shell's `openCsv`). */
  def openCsv(path: String): DataFrame = smv.csv.CsvFrames.openCsv(spark, path)

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
    val resolver = runResolver()
    resolver.resolve(if (urns.isEmpty) resolver.allUrns else urns.distinct)
  }

  /** What a run of `urns` would do with each dataset, without running anything. */
  def dryRun(urns: Seq[String], options: RunOptions = RunOptions()): RunPlan =
    RunPlan(dependencyGraph(urns), persistence, options.forceRunAll)

  /** The urn a person means by `name`: a urn, an fqn, or a unique fqn suffix ("stage.Mod", "Mod"). */
  def findUrn(name: String): String = {
    if (name.startsWith("urn:")) { Urn.parse(name); name }
    else {
      val all = listingForNames().urns
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
  def dependencyGraphJson(urns: java.util.List[String]): String =
    dependencyGraph(urns.asScala.toSeq).toJson(persistedDescriptions)

  /** The column descriptions (smvDesc) of a dataset's persisted result, from its recorded schema. */
  private def persistedDescriptions(n: ResolvedDataSet): Seq[(String, String)] =
    if (n.meta.isEphemeral) Nil
    else persistence.persistedSchema(n.fqn, n.hashOfHashes).map(smv.helpers.DescriptionHelpers.described).getOrElse(Nil)
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
  def allUrnsJava: java.util.List[String] = listingForNames().urns.asJava
  /** py4j: the SmvOutput urns of `stage`, in every language. */
  def outputsOfJava(stage: String): java.util.List[String] = outputsOf(stage).asJava
  def outputDir: String = config.outputDir

  // ---------------------------------------------------------------- internals

  private def logRunEnd(runId: String, started: Long, failure: Option[Throwable], events: Seq[RunEvent]): Unit =
    runLog.foreach { log =>
      val report = RunReport(runId, events)
      log.runEnded(runId, failure, (System.nanoTime() - started) / 1e9, report.ran.size, report.reused.size)
    }

  private def publish(e: RunEvent): Unit = {
    pending.addLast(e)
    while (pending.size > maxPending) pending.pollFirst()
    listeners.asScala.foreach(l => try l.onEvent(e) catch { case NonFatal(_) => () })
  }

  /** Closes the repositories that hold resources (gRPC channels). */
  override def close(): Unit = {
    repositories.foreach {
      case c: AutoCloseable => try c.close() catch { case NonFatal(_) => () }
      case _ => ()
    }
    runLog.foreach(_.close())
  }

  /** One run's execution: each dataset computed (or reused) at most once; datasets whose
    * dependencies are ready are computed concurrently, at most `parallelism` at a time.
    */
  private final class Execution(graph: DependencyGraph, ctx: RunContext, options: RunOptions, emit: RunEvent => Unit,
      parallelism: Int) {
    private val results = new ConcurrentHashMap[String, DataFrame]()
    /** Inputs of this run that left out records failing to parse: kept with what is persisted from them. */
    private val rejected = new ConcurrentHashMap[String, RejectedRecords]()

    private def rejectedUpstream(n: ResolvedDataSet): Map[String, RejectedRecords] = {
      val seen = mutable.Set[String]()
      def visit(urn: String): Unit = if (seen.add(urn)) graph(urn).dependencies.foreach(d => visit(d.targetUrn))
      n.dependencies.foreach(d => visit(d.targetUrn))
      seen.toList.flatMap(u => Option(rejected.get(u)).map(u -> _)).toMap
    }

    def result(urn: String): DataFrame = {
      if (!results.containsKey(urn)) computeAll(Seq(urn))
      results.get(urn)
    }

    /** Computes `urns` and what they need, each after its dependencies. The first failure
      * stops the run: nothing new starts, the datasets already running finish, and it is rethrown.
      */
    def computeAll(urns: Seq[String]): Unit = {
      val order = mutable.ArrayBuffer[String]()
      val needs = mutable.HashMap[String, Seq[String]]()
      PostOrder.walk(urns.filterNot(results.containsKey)) { urn =>
        val deps = if (reusable(graph(urn))) Nil else graph(urn).dependencies.map(_.targetUrn).distinct.filterNot(results.containsKey)
        needs(urn) = deps
        deps
      }(order += _)(path => throw new DependencyCycleException(path))

      val waitingFor = mutable.HashMap[String, Int]() ++= needs.view.mapValues(_.size)
      val users = needs.toSeq.flatMap { case (u, ds) => ds.map(_ -> u) }.groupMap(_._1)(_._2)
      val pool = Executors.newFixedThreadPool(math.max(1, math.min(parallelism, order.size)), SmvApp.runThreads(ctx.runId))
      val finished = new ExecutorCompletionService[(String, Either[Throwable, DataFrame])](pool)
      var running = 0
      var failure: Option[Throwable] = None
      def start(urn: String): Unit = {
        finished.submit(() => urn -> (try Right(compute(graph(urn))) catch { case t: Throwable => Left(t) }))
        running += 1
      }
      try {
        order.filter(waitingFor(_) == 0).foreach(start)
        while (running > 0) {
          val (urn, outcome) = finished.take().get()
          running -= 1
          outcome match {
            case Right(df) =>
              results.put(urn, df)
              if (failure.isEmpty) users.getOrElse(urn, Nil).foreach { u =>
                waitingFor(u) -= 1
                if (waitingFor(u) == 0) start(u)
              }
            case Left(e) => if (failure.isEmpty) failure = Some(e)
          }
        }
      } finally pool.shutdownNow()
      failure.foreach(e => throw e)
    }

    private def reusable(n: ResolvedDataSet): Boolean = RunPlan.reusable(n, persistence, options.forceRunAll)

    private def event(n: ResolvedDataSet, phase: String, action: String, start: Long, rows: Option[Long] = None,
        path: Option[String] = None, message: Option[String] = None, dqm: Option[JValue] = None,
        failure: Option[Throwable] = None, parsed: Option[RunResult] = None): Unit =
      emit(RunEvent(ctx.runId, phase, n.urn, n.language, n.meta.stage, action, rows,
        if (phase == "start") 0.0 else (System.nanoTime() - start) / 1e9, path,
        message.orElse(failure.map(RunLog.messageOf)), dqm, failure.map(RunLog.traceOf),
        rejected = parsed.map(_.parserErrorCount).filter(_ > 0),
        rejectedSamples = parsed.map(_.parserErrorSamples).getOrElse(Nil)))

    private def dependencies(n: ResolvedDataSet): Map[String, DataFrame] = {
      computeAll(n.dependencies.map(_.targetUrn))
      n.dependencies.map(d => d.declaredUrn -> results.get(d.targetUrn)).toMap
    }

    /** Runs `urn` through its repository's `rerun` (code reloaded); not persisted. */
    def rerun(urn: String): DataFrame = {
      val n = graph(urn)
      val deps = dependencies(n)
      val start = System.nanoTime()
      event(n, "start", "rerun", start)
      try {
        val rr = n.owner.rerun(n.urn, deps, ctx)
        val outcome = validated(n, rr)
        event(n, "end", "rerun", start, outcome.rowsAfter, dqm = Some(outcome.report.toJValue), parsed = Some(rr))
        outcome.df
      } catch {
        case NonFatal(e) => event(n, "error", "rerun", start, message = Some(e.getMessage), failure = Some(e)); throw e
      }
    }

    private def policy(n: ResolvedDataSet) = n.meta.dqm.getOrElse(smv.repository.v1.DqmPolicy())

    private def passed(n: ResolvedDataSet, outcome: DqmOutcome): DqmOutcome = {
      if (!outcome.report.passed) throw new SmvDqmValidationError(n.urn, outcome.report.toJson)
      outcome
    }

    private def validated(n: ResolvedDataSet, rr: RunResult): DqmOutcome =
      passed(n, DqmValidator.validate(n.urn, rr.df, policy(n), rr.parserErrorCount, ctx))

    /** Computes (or reuses) one dataset whose dependencies are all in `results`. */
    private def compute(n: ResolvedDataSet): DataFrame = {
      val persisted = !n.meta.isEphemeral
      val path = if (persisted) Some(persistence.dataPath(n.fqn, n.hashOfHashes).toString) else None
      val start = System.nanoTime()
      def reuse(): DataFrame = {
        event(n, "start", "reuse", start, path = path)
        val info = persistence.readInfo(n.fqn, n.hashOfHashes)
        val df = persistence.read(n.fqn, n.hashOfHashes, info.flatMap(_.schema)) // recorded schema: no inference job
        event(n, "end", "reuse", start, info.map(_.rows), path, dqm = info.flatMap(_.dqm))
        df
      }
      if (reusable(n)) reuse()
      else {
        val deps = n.dependencies.map(d => d.declaredUrn -> results.get(d.targetUrn)).toMap
        // another run of this app may be computing it: wait for its lock, then reuse what it wrote
        if (persisted) persistence.locks.withLock(persistence.baseName(n.fqn, n.hashOfHashes), () => reusable(n))(
          run(n, deps, start, path)).getOrElse(reuse())
        else run(n, deps, start, path)
      }
    }

    private def run(n: ResolvedDataSet, deps: Map[String, DataFrame], start: Long, path: Option[String]): DataFrame = {
      event(n, "start", "run", start, path = path)
      try {
        val rr = n.owner.getDataFrame(n.urn, deps, ctx)
        if (rr.parserErrorCount > 0) rejected.put(n.urn, RejectedRecords(rr.parserErrorCount, rr.parserErrorSamples))
        if (n.meta.isEphemeral) {
          val outcome = validated(n, rr)
          event(n, "end", "run", start, outcome.rowsAfter, dqm = Some(outcome.report.toJValue), parsed = Some(rr))
          outcome.df
        } else {
          // DQM and row counts are observed by the job that writes the result: one pass over it.
          val (checked, outcome) = DqmValidator.observed(n.urn, rr.df, policy(n), rr.parserErrorCount)
          var dqm: Option[JValue] = None
          val rows = persistence.write(checked, n.fqn, n.hashOfHashes, None, options.forceRunAll) { r =>
            val checkedOutcome = outcome()
            dqm = Some(checkedOutcome.report.toJValue)
            val report = passed(n, checkedOutcome).report // a failed policy throws here: nothing is persisted
            PersistedInfo(n.urn, n.hashOfHashes, n.meta.hash, n.meta.hashWithSuperClass, Persistence.now(), r,
              Some(report.toJValue), n.dependencies.map(d => d.targetUrn -> graph(d.targetUrn).hashOfHashes).toMap,
              Some(checked.schema), n.meta.version,
              rejected = rejectedUpstream(n) ++ Option(rejected.get(n.urn)).map(n.urn -> _))
          }
          event(n, "end", "run", start, Some(rows), path, dqm = dqm, parsed = Some(rr))
          persistence.read(n.fqn, n.hashOfHashes, Some(checked.schema))
        }
      } catch {
        case NonFatal(e) =>
          val failedDqm = e match { case d: SmvDqmValidationError => Some(parse(d.reportJson)); case _ => None }
          event(n, "error", "run", start, path = path, message = Some(e.getMessage), dqm = failedDqm, failure = Some(e))
          throw (e match {
            case named: SmvException => named
            case other => new DataSetRunException(n.urn, n.owner.name, other) // e.g. a Spark job failing in its write
          })
      }
    }
  }
}

object SmvApp {
  /** Daemon threads named after the run, so thread dumps and logs say whose work they do. */
  private def runThreads(runId: String): ThreadFactory = {
    val n = new AtomicInteger()
    r => {
      val t = new Thread(r, s"smv-$runId-${n.incrementAndGet()}")
      t.setDaemon(true)
      t
    }
  }

  /** py4j: an app on the active SparkSession, e.g. from Python
    * `jvm.smv.driver.SmvApp.create({"smv.stages": "s1,s2", "smv.outputDir": out}, [scalaRepo, grpcRepo])`.
    */
  def create(conf: java.util.Map[String, String], repositories: java.util.List[DataSetRepository]): SmvApp =
    create(SparkSession.active, conf, repositories)

  def create(spark: SparkSession, conf: java.util.Map[String, String],
      repositories: java.util.List[DataSetRepository]): SmvApp =
    new SmvApp(SmvConfig(conf.asScala.toMap), repositories.asScala.toSeq, spark)

  def apply(spark: SparkSession, conf: Map[String, String], repositories: DataSetRepository*): SmvApp =
    new SmvApp(SmvConfig(conf), repositories, spark)
}
