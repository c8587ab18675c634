package smv
package driver

import java.io.{BufferedWriter, OutputStreamWriter, PrintWriter, StringWriter}
import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.{Files, Path, Paths, StandardCopyOption, StandardOpenOption}
import java.time.Instant
import java.util.concurrent.LinkedBlockingQueue

import scala.util.control.NonFatal

import org.json4s._
import org.json4s.jackson.JsonMethods.{compact, render}
import smv.repository.Urn
import smv.resolve.{DependencyGraph, RunPlan}

/** The app's run log: every run's events appended as JSON lines to `<appDir>/.smv/runs.jsonl`
  * (format: docs/run-log.md), for `smv-ui` and anyone who wants to know what ran.
  *
  * Runs never wait for it: events are queued and one daemon thread writes them, flushing each
  * line, so a reader tailing the file sees an event as soon as it happened. When the file
  * passes `maxBytes` it is renamed to `runs.1.jsonl` (the older one dropped): at most twice
  * `maxBytes` on disk. A write that fails (disk full, folder removed) loses that line only.
  */
final class RunLog(val file: Path, maxBytes: Long) extends RunListener with AutoCloseable {
  private val queue = new LinkedBlockingQueue[Option[String]]()
  private val writerThread = new Thread(() => drain(), s"smv-run-log-${file.getParent.getFileName}")
  writerThread.setDaemon(true)
  writerThread.start()
  private val openRuns = java.util.concurrent.ConcurrentHashMap.newKeySet[String]()
  private val onExit = new Thread(() => interrupted(), "smv-run-log-exit")
  Runtime.getRuntime.addShutdownHook(onExit)

  /** The JVM is stopping (a signal, e.g. a run cancelled from smv-ui) with runs unfinished: says so, writes out. */
  private def interrupted(): Unit = {
    openRuns.forEach(id => append("run-ended", "runId" -> JString(id), "outcome" -> JString("interrupted"),
      "seconds" -> JNull, "ran" -> JNull, "reused" -> JNull, "error" -> JString("the driver was stopped (a signal)")))
    queue.put(None)
    writerThread.join(5000)
  }

  /** Queues one event (a JSON object; `v`, `event` and `time` are added). */
  def append(event: String, fields: (String, JValue)*): Unit = {
    val line = JObject(("v" -> JInt(RunLog.Version)) +: ("event" -> JString(event)) +:
      ("time" -> JString(Instant.now().toString)) +: fields.toList)
    queue.put(Some(compact(render(line))))
  }

  def runStarted(runId: String, appName: String, targets: Seq[String], options: RunOptions, kind: String): Unit = {
    openRuns.add(runId)
    append("run-started", "runId" -> JString(runId), "app" -> JString(appName), "kind" -> JString(kind),
      "targets" -> JArray(targets.map(JString(_)).toList),
      "options" -> JObject("forceRunAll" -> JBool(options.forceRunAll)))
  }

  /** One `dataset-planned` line per dataset of the run: what it will do and why, with what the
    * page needs to draw the graph as it was (dependencies, stage, language). */
  def planned(runId: String, graph: DependencyGraph, plan: RunPlan): Unit = plan.datasets.foreach { d =>
    val n = graph(d.urn)
    append("dataset-planned", "runId" -> JString(runId), "urn" -> JString(d.urn), "fqn" -> JString(n.fqn),
      "language" -> JString(d.language), "stage" -> JString(d.stage), "kind" -> JString(n.kind),
      "output" -> JBool(n.meta.isOutput), "ephemeral" -> JBool(n.meta.isEphemeral),
      "description" -> JString(n.meta.description), "action" -> JString(d.action), "reason" -> JString(d.reason),
      "changed" -> d.changed.map(JString(_)).getOrElse(JNull), "hash" -> JString(n.meta.hashWithSuperClass),
      "hashOfHashes" -> JString(n.hashOfHashes), "version" -> n.meta.version.map(JString(_)).getOrElse(JNull),
      "path" -> d.path.map(JString(_)).getOrElse(JNull),
      "dependencies" -> JArray(n.dependencies.map(dep => JObject("urn" -> JString(dep.targetUrn),
        "kind" -> JString(dep.kind.name))).toList))
  }

  def runEnded(runId: String, failure: Option[Throwable], seconds: Double, ran: Int, reused: Int): Unit = {
    openRuns.remove(runId)
    append("run-ended", "runId" -> JString(runId), "outcome" -> JString(if (failure.isEmpty) "succeeded" else "failed"),
      "seconds" -> JDouble(seconds), "ran" -> JInt(ran), "reused" -> JInt(reused),
      "error" -> failure.map(e => JString(RunLog.messageOf(e))).getOrElse(JNull))
  }

  /** A dataset's start, end or failure, from the run's own events. */
  override def onEvent(e: RunEvent): Unit = {
    val event = e.phase match { case "start" => "dataset-started"; case "end" => "dataset-ended"; case _ => "dataset-failed" }
    append(event, "runId" -> JString(e.runId), "urn" -> JString(e.urn), "fqn" -> JString(Urn.fqnOf(e.urn)),
      "language" -> JString(e.language), "stage" -> JString(e.stage), "action" -> JString(e.action),
      "rows" -> e.rows.map(JLong(_)).getOrElse(JNull), "seconds" -> JDouble(e.seconds),
      "path" -> e.path.map(JString(_)).getOrElse(JNull), "dqm" -> e.dqm.getOrElse(JNull),
      "error" -> e.message.map(JString(_)).getOrElse(JNull), "traceback" -> e.traceback.map(JString(_)).getOrElse(JNull),
      "rejected" -> e.rejected.map(JLong(_)).getOrElse(JNull),
      "rejectedSamples" -> JArray(e.rejectedSamples.map(JString(_)).toList))
  }

  /** Writes what is queued, then stops the writer (the JVM's exit does not wait for it otherwise). */
  override def close(): Unit = {
    queue.put(None)
    writerThread.join(5000)
    try Runtime.getRuntime.removeShutdownHook(onExit) catch { case _: IllegalStateException => () } // already exiting
  }

  private def drain(): Unit = {
    var out: Option[BufferedWriter] = None
    var size = 0L
    def open(): BufferedWriter = out.getOrElse {
      Files.createDirectories(file.getParent)
      size = if (Files.exists(file)) Files.size(file) else 0L
      val w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND), UTF_8))
      out = Some(w)
      if (size > 0 && !RunLog.endsWithNewline(file)) { w.write('\n'); size += 1 } // a killed run's cut line ends here
      w
    }
    def closeOut(): Unit = { out.foreach(w => try w.close() catch { case NonFatal(_) => () }); out = None }
    var running = true
    while (running) queue.take() match {
      case None => running = false
      case Some(line) =>
        try {
          if (size > 0 && size + line.length + 1 > maxBytes) {
            closeOut()
            Files.move(file, file.resolveSibling(RunLog.RotatedName), StandardCopyOption.REPLACE_EXISTING)
          }
          val w = open()
          w.write(line); w.write('\n'); w.flush()
          size += line.getBytes(UTF_8).length + 1
        } catch { case NonFatal(_) => closeOut() } // this line is lost; the next one reopens the file
    }
    closeOut()
  }
}

object RunLog {
  /** The format's version, the `v` of every line (docs/run-log.md). */
  val Version = 1
  val FileName = "runs.jsonl"
  val RotatedName = "runs.1.jsonl"
  val DefaultMaxBytes: Long = 16L * 1024 * 1024
  val MaxBytesKey = "smv.runLog.maxBytes"
  /** `smv.runLog`: the log's path, or `off`; default `<smv.appDir>/.smv/runs.jsonl` (no log without smv.appDir). */
  val PathKey = "smv.runLog"

  /** The app's run log, where its configuration says (none without an app folder or with `smv.runLog = off`). */
  def of(config: SmvConfig): Option[RunLog] = {
    val path = config.get(PathKey) match {
      case Some("off") => None
      case Some(p) => Some(Paths.get(p))
      case None => config.get("smv.appDir").map(d => Paths.get(d, ".smv", FileName))
    }
    val maxBytes = config.get(MaxBytesKey).map(v => v.toLongOption.filter(_ >= 1024).getOrElse(throw new SmvException(
      s"$MaxBytesKey = $v: expected a whole number of bytes, at least 1024"))).getOrElse(DefaultMaxBytes)
    path.map(p => new RunLog(p.toAbsolutePath, maxBytes))
  }

  private def endsWithNewline(p: Path): Boolean = {
    val ch = Files.newByteChannel(p)
    try {
      val last = java.nio.ByteBuffer.allocate(1)
      ch.position(ch.size() - 1).read(last)
      last.get(0) == '\n'.toByte
    } finally ch.close()
  }

  /** The throwable's message, else its class name. */
  def messageOf(e: Throwable): String = Option(e.getMessage).filter(_.trim.nonEmpty).getOrElse(e.getClass.getName)

  /** The stack trace as text, causes included. */
  def traceOf(e: Throwable): String = {
    val s = new StringWriter()
    e.printStackTrace(new PrintWriter(s))
    s.toString
  }
}
