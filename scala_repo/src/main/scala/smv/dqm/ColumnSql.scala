package smv
package dqm

import org.apache.spark.sql.{Column, SparkSession}
import org.apache.spark.sql.catalyst.FunctionIdentifier
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction
import org.apache.spark.sql.smvbridge.ColumnExpression

/** A Column as Spark SQL text, so Scala DQM rules written as Columns (SMV 2.x's form) travel
  * as the same text Python's rules do. Spark 4 Columns render operators as functions
  * (`>(total, 0)`); looking the functions up in the session's registry turns them into
  * the expressions whose SQL Spark parses back (`(total > 0)`).
  */
private[smv] object ColumnSql {
  def of(c: Column, what: String): String = {
    val spark = SparkSession.getActiveSession.orElse(SparkSession.getDefaultSession).getOrElse(
      throw new SmvException(s"$what given as a Column needs a Spark session to be turned into SQL; " +
        "give it as Spark SQL text instead"))
    val registry = spark.asInstanceOf[org.apache.spark.sql.classic.SparkSession].sessionState.functionRegistry
    ColumnExpression.of(c).transformUp {
      case f: UnresolvedFunction if f.nameParts.size == 1 && !f.isDistinct && f.filter.isEmpty &&
          registry.functionExists(FunctionIdentifier(f.nameParts.head)) =>
        registry.lookupFunction(FunctionIdentifier(f.nameParts.head), f.arguments)
    }.sql
  }
}
