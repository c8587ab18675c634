package smv
package dqm

import scala.util.control.NonFatal

import org.apache.spark.sql.{Column, DataFrame, Observation, Row}
import org.apache.spark.sql.functions.{coalesce, col, count, expr, lit, not, sum, when}
import smv.repository.v1.{DataSetPolicy, DqmPolicy, TaskPolicy}
import smv.persist.Observed
import smv.repository.RunContext

/** The validated DataFrame, its report and, when counted, the rows it holds. */
final case class DqmOutcome(df: DataFrame, report: DqmReport, rowsAfter: Option[Long])

/** Applies a dataset's DQM policy (from any repository) to its result, SMV's way:
  *
  *  1. fixes, in order: in records meeting the condition the column gets the value (cast
  *     to the column's type); each fixed record is counted;
  *  1. rules, in order, on the fixed records: a record failing any rule is left out;
  *     each rule's failures are counted;
  *  1. task policies (per rule/fix) and dataset policies are evaluated on the counts and
  *     the input's parser errors.
  *
  * A persisted result's counts are observed by the job that writes it (`observed`); other
  * results are counted by one aggregation over the flagged records, cached for the run
  * (`validate`). With no rules and no fixes nothing is computed (the report's `records` is
  * then -1: not counted).
  */
object DqmValidator {
  private val FlagPrefix = "_smv_dqm_"

  /** Validates `df` now: the counts come from one aggregation over the flagged records, which
    * are cached for the run so that using the result does not recompute its input. */
  def validate(urn: String, df: DataFrame, policy: DqmPolicy, parserErrors: Long, run: RunContext): DqmOutcome =
    if (policy.rules.isEmpty && policy.fixes.isEmpty) uncounted(urn, df, policy, parserErrors)
    else {
      val f = flag(urn, df, policy)
      val flagged = run.cacheForRun(f.df)
      val (report, rows) = f.report(flagged.agg(f.counts.head, f.counts.tail: _*).head(), parserErrors)
      DqmOutcome(f.result(flagged), report, Some(rows))
    }

  /** The validated DataFrame whose counts are observed by the job that consumes it (the write
    * of a persisted result): no pass of its own. Call `outcome()` after that job. */
  def observed(urn: String, df: DataFrame, policy: DqmPolicy, parserErrors: Long): (DataFrame, () => DqmOutcome) =
    if (policy.rules.isEmpty && policy.fixes.isEmpty) {
      val outcome = uncounted(urn, df, policy, parserErrors)
      (df, () => outcome)
    } else {
      val f = flag(urn, df, policy)
      val observation = Observation()
      val result = f.result(f.df.observe(observation, f.counts.head, f.counts.tail: _*))
      (result, () => {
        // Not delivered (Spark did not run the observed plan): count the slow way rather than fail.
        val row = Observed.values(observation).getOrElse(f.df.agg(f.counts.head, f.counts.tail: _*).head())
        val (report, rows) = f.report(row, parserErrors)
        DqmOutcome(result, report, Some(rows))
      })
    }

  /** No rule or fix: every total is 0 (no percent policy can fail), so nothing is computed. */
  private def uncounted(urn: String, df: DataFrame, policy: DqmPolicy, parserErrors: Long): DqmOutcome = {
    val report = DqmReport(urn, -1L, parserErrors, Nil, Nil, policy.policies.map(datasetPolicy(_, -1L, parserErrors, 0L, 0L)))
    DqmOutcome(df, report, None)
  }

  /** `df` with a flag column per fix and rule (fixes applied), the aggregations counting them,
    * and how to read a report from their values. */
  private final case class Flagged(urn: String, df: DataFrame, policy: DqmPolicy, fixFlags: Seq[String],
      ruleFlags: Seq[String], anyRuleFailed: String) {
    private def countTrue(flag: String): Column = sum(when(col(flag), 1L).otherwise(0L))
    /** records, then each fix's, each rule's and the any-rule-failed count. */
    val counts: Seq[Column] = count(lit(1)).as("records") +:
      (fixFlags ++ ruleFlags :+ anyRuleFailed).map(f => countTrue(f).as(f))

    /** The records passing every rule, without the flag columns. */
    def result(flagged: DataFrame): DataFrame =
      flagged.filter(not(col(anyRuleFailed))).drop((fixFlags ++ ruleFlags :+ anyRuleFailed): _*)

    /** The report from a row of `counts`, and the rows left after the rules. */
    def report(row: Row, parserErrors: Long): (DqmReport, Long) = {
      def at(i: Int): Long = if (row.isNullAt(i)) 0L else row.getLong(i)
      val records = at(0)
      val fixCounts = policy.fixes.indices.map(i => at(1 + i))
      val ruleCounts = policy.rules.indices.map(i => at(1 + fixFlags.size + i))
      val dropped = at(1 + fixFlags.size + ruleFlags.size)
      val taskResults =
        policy.fixes.zip(fixCounts).map { case (f, c) => taskPolicy(s"fix '${f.name}'", f.taskPolicy, c, records) } ++
          policy.rules.zip(ruleCounts).map { case (r, c) => taskPolicy(s"rule '${r.name}'", r.taskPolicy, c, records) }
      val datasetResults = policy.policies.map(datasetPolicy(_, records, parserErrors, ruleCounts.sum, fixCounts.sum))
      (DqmReport(urn, records, parserErrors, policy.rules.map(_.name).zip(ruleCounts),
        policy.fixes.map(_.name).zip(fixCounts), taskResults ++ datasetResults), records - dropped)
    }
  }

  private def flag(urn: String, df: DataFrame, policy: DqmPolicy): Flagged = {
    val types = df.schema.fields.map(f => f.name.toLowerCase -> f.dataType).toMap
    val fixFlags = policy.fixes.indices.map(i => s"${FlagPrefix}fix_$i")
    val ruleFlags = policy.rules.indices.map(i => s"${FlagPrefix}rule_$i")
    val anyRuleFailed = s"${FlagPrefix}rule_any"

    val fixed = policy.fixes.zip(fixFlags).foldLeft(df) { case (d, (fix, flag)) =>
      val target = types.getOrElse(fix.column.toLowerCase, throw new SmvException(
        s"$urn: DQM fix '${fix.name}' sets column '${fix.column}', which the result does not have " +
          s"(columns: ${df.columns.mkString(", ")})"))
      checked(urn, s"fix '${fix.name}' (${fix.condition} -> ${fix.column} = ${fix.value})") {
        d.withColumn(flag, coalesce(expr(fix.condition), lit(false)))
          .withColumn(fix.column, when(col(flag), expr(fix.value).cast(target)).otherwise(col(quote(fix.column))))
      }
    }
    val withRules = policy.rules.zip(ruleFlags).foldLeft(fixed) { case (d, (rule, flag)) =>
      checked(urn, s"rule '${rule.name}' (${rule.expression})")(d.withColumn(flag, not(coalesce(expr(rule.expression), lit(false)))))
    }
    val anyFailed: Column = ruleFlags.map(col).reduceOption(_ || _).getOrElse(lit(false))
    Flagged(urn, withRules.withColumn(anyRuleFailed, anyFailed), policy, fixFlags, ruleFlags, anyRuleFailed)
  }

  /** Names the rule or fix whose Spark SQL does not parse or resolve against the result. */
  private def checked[T](urn: String, what: String)(body: => T): T =
    try body catch {
      case NonFatal(e) => throw new SmvException(s"$urn: DQM $what is not valid Spark SQL for the result: ${e.getMessage}", e)
    }

  private def quote(name: String) = s"`${name.replace("`", "``")}`"

  /** A count `c` fails once it reaches `threshold`. */
  private def countCheck(name: String, what: String, c: Long, threshold: Long) =
    PolicyResult(name, c < threshold, s"$c $what; fails at $threshold or more")

  /** A count `c` of `records` fails once it reaches `threshold` of them (and is not zero). */
  private def percentCheck(name: String, what: String, c: Long, records: Long, threshold: Double) = {
    val rate = if (records <= 0) 0.0 else c.toDouble / records
    PolicyResult(name, c == 0 || rate < threshold, f"$c $what of $records records (${rate * 100}%.2f%%); fails at ${threshold * 100}%.2f%% or more")
  }

  private def taskPolicy(task: String, p: Option[TaskPolicy], c: Long, records: Long): PolicyResult = {
    val what = if (task.startsWith("fix")) "fixed" else "failed"
    p.map(_.policy).getOrElse(TaskPolicy.Policy.Empty) match {
      case TaskPolicy.Policy.FailAny(_) => countCheck(s"$task FailAny", what, c, 1L)
      case TaskPolicy.Policy.FailCount(fc) => countCheck(s"$task FailCount(${fc.threshold})", what, c, fc.threshold)
      case TaskPolicy.Policy.FailPercent(fp) => percentCheck(s"$task FailPercent(${fp.threshold})", what, c, records, fp.threshold)
      case _ => PolicyResult(s"$task FailNone", passed = true, s"$c $what; any number is fine")
    }
  }

  private def datasetPolicy(p: DataSetPolicy, records: Long, parserErrors: Long, rules: Long, fixes: Long): PolicyResult =
    p.policy match {
      case DataSetPolicy.Policy.FailParserCount(t) =>
        countCheck(s"FailParserCountPolicy($t)", "records failed to parse", parserErrors, t)
      case DataSetPolicy.Policy.FailTotalRuleCount(t) =>
        countCheck(s"FailTotalRuleCountPolicy($t)", "rule failures in total", rules, t)
      case DataSetPolicy.Policy.FailTotalFixCount(t) =>
        countCheck(s"FailTotalFixCountPolicy($t)", "fixes in total", fixes, t)
      case DataSetPolicy.Policy.FailTotalRulePercent(t) =>
        percentCheck(s"FailTotalRulePercentPolicy($t)", "rule failures", rules, records, t)
      case DataSetPolicy.Policy.FailTotalFixPercent(t) =>
        percentCheck(s"FailTotalFixPercentPolicy($t)", "fixes", fixes, records, t)
      case DataSetPolicy.Policy.Empty =>
        PolicyResult("EmptyPolicy", passed = false, "a dataset policy without a policy set (malformed DqmPolicy)")
    }
}
