package smv
package driver

import org.json4s._
import org.json4s.jackson.JsonMethods.{compact, render}
import smv.repository.Urn

/** One line of a run's progress: a dataset started, ended or failed.
  *
  * @param phase   "start", "end" or "error"
  * @param action  "run" (computed now) or "reuse" (read from its persisted result)
  * @param rows    rows of the result, when known without extra work
  * @param seconds wall time since the dataset's start (0 for "start")
  * @param dqm     the DQM report (DqmReport.toJValue) of an ended dataset, when it was checked or recorded
  * @param traceback the failure's stack trace (with a Python repository's traceback inside), for "error"
  * @param rejected input records that failed to parse and were left out (an ended input's), with a
  *                 few of them as `rejectedSamples`
  */
final case class RunEvent(
    runId: String, phase: String, urn: String, language: String, stage: String, action: String,
    rows: Option[Long], seconds: Double, path: Option[String], message: Option[String],
    dqm: Option[JValue] = None, traceback: Option[String] = None,
    rejected: Option[Long] = None, rejectedSamples: Seq[String] = Nil) {

  def toJValue: JValue = JObject(List[JField](
    "runId" -> JString(runId), "phase" -> JString(phase), "urn" -> JString(urn), "language" -> JString(language),
    "stage" -> JString(stage), "action" -> JString(action), "rows" -> rows.map(JLong(_)).getOrElse(JNull),
    "seconds" -> JDouble(seconds), "path" -> path.map(JString(_)).getOrElse(JNull),
    "message" -> message.map(JString(_)).getOrElse(JNull)) ++ rejected.toList.flatMap(r => List[JField](
    "rejected" -> JLong(r), "rejectedSamples" -> JArray(rejectedSamples.map(JString(_)).toList))))

  def toJson: String = compact(render(toJValue))

  /** One human line, e.g. "end   stage1.M (scala) run 42 rows 1.3s". */
  def line: String = {
    val fqn = Urn.fqnOf(urn)
    val rowText = rows.map(r => s" $r rows").getOrElse("")
    phase match {
      case "start" => s"start $fqn ($language) $action"
      case "end" => f"end   $fqn ($language) $action$rowText $seconds%.1fs" +
        rejected.map(r => s", $r records rejected (failed to parse)").getOrElse("")
      case _ => f"error $fqn ($language) $action $seconds%.1fs: ${message.getOrElse("")}"
    }
  }
}

/** Receives a run's events as they happen (Scala callers; Python polls `SmvApp.drainEventsJson`). */
trait RunListener {
  def onEvent(event: RunEvent): Unit
}

/** What a run did, dataset by dataset, in the order they finished. */
final case class RunReport(runId: String, events: Seq[RunEvent]) {
  def ended: Seq[RunEvent] = events.filter(_.phase == "end")
  def ran: Seq[String] = ended.filter(_.action == "run").map(_.urn)
  def reused: Seq[String] = ended.filter(_.action == "reuse").map(_.urn)

  def toJson: String = compact(render(JObject(
    "runId" -> JString(runId),
    "ran" -> JArray(ran.map(JString(_)).toList),
    "reused" -> JArray(reused.map(JString(_)).toList),
    "datasets" -> JArray(ended.map(_.toJValue).toList))))
}
