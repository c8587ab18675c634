package org.apache.spark.sql.smvbridge

import org.apache.spark.sql.Column
import org.apache.spark.sql.catalyst.expressions.Expression
import org.apache.spark.sql.classic.ColumnNodeToExpressionConverter

/** A Column's Catalyst expression. Spark keeps that conversion `private[sql]`; this object,
  * in a subpackage of `org.apache.spark.sql` (as Delta Lake does for the same reason), is
  * the one place SMV reaches it (for `smv.dqm.ColumnSql`).
  */
object ColumnExpression {
  def of(c: Column): Expression = ColumnNodeToExpressionConverter(c.node)
}
