package smv.helpers

import org.apache.spark.sql.{Column, DataFrame}
import org.apache.spark.sql.catalyst.expressions.NamedExpression
import org.apache.spark.sql.smvbridge.ColumnExpression

/** Column names as the helpers need them: a Column's own name (SMV's `getName`), a name quoted
  * for Spark's resolver, and a name checked against a DataFrame (Spark's own error when missing).
  */
private[helpers] object ColumnNames {

  /** The name a Column has in a select: its alias or attribute name, else its SQL text. */
  def of(c: Column): String = ColumnExpression.of(c) match {
    case named: NamedExpression => named.name
    case other                  => other.sql
  }

  /** A name as a resolvable reference even when it holds dots or backticks. */
  def quoted(name: String): String = "`" + name.replace("`", "``") + "`"

  /** The column of `df` by name; Spark's AnalysisException names it when it does not exist. */
  def resolve(df: DataFrame, name: String): Column = df.col(quoted(name))

  /** Fails with Spark's error for the first name `df` does not have. */
  def requireAll(df: DataFrame, names: Seq[String]): Unit = names.foreach(resolve(df, _))
}
