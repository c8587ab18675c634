package smv
package dqm

import org.json4s._
import org.json4s.jackson.JsonMethods.{compact, render}

/** One policy's verdict. `name` reads like the Scala/Python class, e.g. "FailTotalRuleCountPolicy(2)". */
final case class PolicyResult(name: String, passed: Boolean, detail: String)

/** The outcome of applying a dataset's DQM policy.
  *
  * JSON form (`toJson`): `passed`, `errorMessages` (one line per failed policy),
  * `checkLog` (the counts), `policies` (every policy with its verdict) and `counts`.
  */
final case class DqmReport(
    urn: String,
    records: Long,
    parserErrors: Long,
    ruleFailures: Seq[(String, Long)],
    fixCounts: Seq[(String, Long)],
    policies: Seq[PolicyResult]) {

  def passed: Boolean = policies.forall(_.passed)
  def totalRuleFailures: Long = ruleFailures.map(_._2).sum
  def totalFixes: Long = fixCounts.map(_._2).sum
  def errorMessages: Seq[String] = policies.filterNot(_.passed).map(p => s"${p.name}: ${p.detail}")

  def checkLog: Seq[String] =
    Seq(s"records: $records", s"parser errors: $parserErrors") ++
      ruleFailures.map { case (n, c) => s"rule '$n': $c record(s) failed" } ++
      fixCounts.map { case (n, c) => s"fix '$n': $c record(s) fixed" } ++
      policies.map(p => s"${p.name}: ${if (p.passed) "passed" else "FAILED"} (${p.detail})")

  def toJValue: JValue = JObject(
    "urn" -> JString(urn),
    "passed" -> JBool(passed),
    "errorMessages" -> JArray(errorMessages.map(JString(_)).toList),
    "checkLog" -> JArray(checkLog.map(JString(_)).toList),
    "policies" -> JArray(policies.map(p =>
      JObject("name" -> JString(p.name), "passed" -> JBool(p.passed), "detail" -> JString(p.detail))).toList),
    "counts" -> JObject(
      "records" -> JLong(records),
      "parserErrors" -> JLong(parserErrors),
      "totalRuleFailures" -> JLong(totalRuleFailures),
      "totalFixes" -> JLong(totalFixes),
      "ruleFailures" -> JObject(ruleFailures.map { case (n, c) => n -> (JLong(c): JValue) }.toList),
      "fixes" -> JObject(fixCounts.map { case (n, c) => n -> (JLong(c): JValue) }.toList)))

  def toJson: String = compact(render(toJValue))
}
