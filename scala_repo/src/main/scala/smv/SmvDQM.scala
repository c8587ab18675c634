package smv

import org.apache.spark.sql.Column
import smv.repository.v1.{DataSetPolicy, DqmFix, DqmPolicy, DqmRule, TaskPolicy}
import smv.dqm.ColumnSql

/** How many failures of one rule or fix a run tolerates. The names and semantics are
  * SMV's and the Python side's: a task fails once its count reaches the threshold.
  */
sealed trait DQMTaskPolicy { def toProto: TaskPolicy }

/** Any number of failures is fine. */
case object FailNone extends DQMTaskPolicy {
  def toProto: TaskPolicy = TaskPolicy().withFailNone(TaskPolicy.FailNone())
}

/** A single failure fails the run. */
case object FailAny extends DQMTaskPolicy {
  def toProto: TaskPolicy = TaskPolicy().withFailAny(TaskPolicy.FailAny())
}

/** `threshold` or more failures fail the run. */
final case class FailCount(threshold: Long) extends DQMTaskPolicy {
  require(threshold >= 1, s"FailCount threshold must be at least 1, got $threshold")
  def toProto: TaskPolicy = TaskPolicy().withFailCount(TaskPolicy.FailCount(threshold))
}

/** Failures on `threshold` (0.0 to 1.0) or more of the records fail the run. */
final case class FailPercent(threshold: Double) extends DQMTaskPolicy {
  require(threshold >= 0.0 && threshold <= 1.0, s"FailPercent threshold must be within 0.0 and 1.0, got $threshold")
  def toProto: TaskPolicy = TaskPolicy().withFailPercent(TaskPolicy.FailPercent(threshold))
}

/** A record that fails `rule` (Spark SQL, e.g. "b < 0.4") is left out of the result and counted. */
final case class DQMRule(rule: String, name: String = "", taskPolicy: DQMTaskPolicy = FailNone) {
  require(rule != null && rule.trim.nonEmpty, "rule in DQMRule must be a non-empty Spark SQL expression")
  def ruleName: String = if (name == null || name.isEmpty) rule.trim else name
  def toProto: DqmRule = DqmRule(ruleName, rule.trim, Some(taskPolicy.toProto))
}

/** In records meeting `condition`, sets a column: `fix` is "col = expr" (or SMV's "expr as col").
  * {{{ DQMFix("a < 1", "a = 1") }}}
  */
final case class DQMFix(condition: String, fix: String, name: String = "", taskPolicy: DQMTaskPolicy = FailNone) {
  require(condition != null && condition.trim.nonEmpty, "condition in DQMFix must be a non-empty Spark SQL expression")
  val (column, value): (String, String) = DQMFix.parseFix(fix)
  def fixName: String = if (name == null || name.isEmpty) s"${condition.trim} -> $column = $value" else name
  def toProto: DqmFix = DqmFix(fixName, condition.trim, column, value, Some(taskPolicy.toProto))
}

/** SMV 2.x's Scala form: the rule as a Column, e.g. `DQMRule(col("b") < 0.4, "b_small", FailCount(2))`. */
object DQMRule {
  def apply(rule: Column): DQMRule = DQMRule(sqlOf(rule))
  def apply(rule: Column, name: String): DQMRule = DQMRule(sqlOf(rule), name)
  def apply(rule: Column, name: String, taskPolicy: DQMTaskPolicy): DQMRule = DQMRule(sqlOf(rule), name, taskPolicy)

  private def sqlOf(c: Column): String = ColumnSql.of(c, "rule in DQMRule")
}

object DQMFix {
  /** SMV 2.x's Scala form: `DQMFix(col("a") < 1, lit(1) as "a", "a_min", FailNone)`. */
  def apply(condition: Column, fix: Column): DQMFix = DQMFix(sqlOf(condition), sqlOf(fix))
  def apply(condition: Column, fix: Column, name: String): DQMFix = DQMFix(sqlOf(condition), sqlOf(fix), name)
  def apply(condition: Column, fix: Column, name: String, taskPolicy: DQMTaskPolicy): DQMFix =
    DQMFix(sqlOf(condition), sqlOf(fix), name, taskPolicy)

  private def sqlOf(c: Column): String = ColumnSql.of(c, "DQMFix")

  private val Ident = """[A-Za-z_][A-Za-z0-9_]*|`[^`]+`"""
  private val Assign = s"""(?s)^\\s*($Ident)\\s*=(?!=)\\s*(.+?)\\s*$$""".r
  private val As = s"""(?is)^\\s*(.+?)\\s+as\\s+($Ident)\\s*$$""".r

  /** "a = 1" or "1 as a" → ("a", "1"). */
  def parseFix(fix: String): (String, String) = Option(fix).getOrElse("") match {
    case Assign(c, v) => (unquote(c), v)
    case As(v, c) => (unquote(c), v)
    case other => throw new IllegalArgumentException(
      s"fix in DQMFix must be 'column = expression' or 'expression as column', got '$other'")
  }

  private def unquote(c: String) = if (c.startsWith("`")) c.substring(1, c.length - 1) else c
}

/** A policy over the whole dataset's DQM counts. A count policy fails once its total
  * reaches the threshold; a percent policy once the total reaches that share of the records.
  */
sealed trait DQMPolicy { def toProto: DataSetPolicy }

/** `threshold` or more records that failed to parse fail the run (inputs add `FailParserCountPolicy(1)`). */
final case class FailParserCountPolicy(threshold: Long) extends DQMPolicy {
  def toProto: DataSetPolicy = DataSetPolicy().withFailParserCount(threshold)
}

/** `threshold` or more rule failures, over all rules, fail the run. */
final case class FailTotalRuleCountPolicy(threshold: Long) extends DQMPolicy {
  def toProto: DataSetPolicy = DataSetPolicy().withFailTotalRuleCount(threshold)
}

/** `threshold` or more fixes, over all fixes, fail the run. */
final case class FailTotalFixCountPolicy(threshold: Long) extends DQMPolicy {
  def toProto: DataSetPolicy = DataSetPolicy().withFailTotalFixCount(threshold)
}

/** Rule failures on `threshold` (0.0 to 1.0) or more of the records fail the run. */
final case class FailTotalRulePercentPolicy(threshold: Double) extends DQMPolicy {
  def toProto: DataSetPolicy = DataSetPolicy().withFailTotalRulePercent(threshold)
}

/** Fixes on `threshold` (0.0 to 1.0) or more of the records fail the run. */
final case class FailTotalFixPercentPolicy(threshold: Double) extends DQMPolicy {
  def toProto: DataSetPolicy = DataSetPolicy().withFailTotalFixPercent(threshold)
}

/** A dataset's DQM: rules, fixes and dataset policies. Immutable: `add` returns a new one.
  * {{{
  * SmvDQM().add(DQMRule("b < 0.4")).add(DQMFix("a < 1", "a = 1")).add(FailTotalRuleCountPolicy(2))
  * }}}
  */
final class SmvDQM private (val rules: Vector[DQMRule], val fixes: Vector[DQMFix], val policies: Vector[DQMPolicy]) {
  def add(rule: DQMRule): SmvDQM = new SmvDQM(rules :+ rule, fixes, policies)
  def add(fix: DQMFix): SmvDQM = new SmvDQM(rules, fixes :+ fix, policies)
  def add(policy: DQMPolicy): SmvDQM = new SmvDQM(rules, fixes, policies :+ policy)

  def toProto: DqmPolicy = {
    val names = rules.map(_.ruleName) ++ fixes.map(_.fixName)
    val dups = names.diff(names.distinct).distinct
    require(dups.isEmpty, s"DQM rule/fix names must be unique; repeated: ${dups.mkString(", ")}")
    DqmPolicy(rules.map(_.toProto), fixes.map(_.toProto), policies.map(_.toProto))
  }

  override def toString: String = s"SmvDQM(rules=$rules, fixes=$fixes, policies=$policies)"
}

object SmvDQM {
  def apply(): SmvDQM = new SmvDQM(Vector.empty, Vector.empty, Vector.empty)
}
