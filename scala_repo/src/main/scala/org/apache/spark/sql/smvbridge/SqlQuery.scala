package org.apache.spark.sql.smvbridge

import scala.collection.mutable.ArrayBuffer
import scala.jdk.CollectionConverters._

import org.apache.spark.sql.{DataFrame, Row, SparkSession, classic}
import org.apache.spark.sql.catalyst.AliasIdentifier
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation
import org.apache.spark.sql.catalyst.parser.ParseException
import org.apache.spark.sql.catalyst.plans.logical.{LogicalPlan, SubqueryAlias, UnresolvedWith}

/** What Spark's parser found in a SQL module's query: the tables it reads (dotted names, as
  * written, with the line each is named on), or why it does not parse (`error`, `errorLine`).
  * A name defined by the query's own `WITH` is not a table it reads.
  */
final case class ParsedQuery(error: String, errorLine: Int, names: Array[String], lines: Array[Int]) {
  def ok: Boolean = error == null
}

/** SQL modules' two steps on the JVM: find the tables a query reads (Spark's own parser, so
  * the names are those Spark sees), and run it with each table replaced by a dependency's
  * DataFrame. The tables are substituted into the parsed plan, not registered as temp views,
  * so no name is visible outside the one query and concurrent modules never see each other's.
  * Spark keeps the session's parser and `Dataset.ofRows` `private[sql]`; this object, in a
  * subpackage of `org.apache.spark.sql`, is the one place SMV reaches them.
  */
object SqlQuery {

  def parse(spark: SparkSession, sql: String): ParsedQuery =
    try {
      val plan = parser(spark).parseQuery(sql)
      val found = relations(plan)
      ParsedQuery(null, 0, found.map(r => name(r.multipartIdentifier)).toArray,
        found.map(_.origin.line.getOrElse(1)).toArray)
    } catch {
      case e: ParseException =>
        val message = e.getMessage.linesIterator.map(_.trim).find(_.nonEmpty).getOrElse("syntax error")
        ParsedQuery(message, e.start.line.getOrElse(1), Array.empty, Array.empty)
    }

  /** The query's result, each table named as a key of `tables` (dotted, any case) replaced by its DataFrame. */
  def run(spark: SparkSession, sql: String, tables: java.util.Map[String, DataFrame]): DataFrame = {
    val session = spark.asInstanceOf[classic.SparkSession]
    val byName = tables.asScala.map { case (k, df) => k.toLowerCase -> df.asInstanceOf[classic.Dataset[Row]].logicalPlan }.toMap
    val plan = parser(spark).parseQuery(sql)
    val ctes = cteNames(plan)
    def substitute(p: LogicalPlan): LogicalPlan = p.transformUpWithSubqueries {
      case r: UnresolvedRelation if byName.contains(name(r.multipartIdentifier).toLowerCase) &&
        !(r.multipartIdentifier.size == 1 && ctes(r.multipartIdentifier.head.toLowerCase)) =>
        val parts = r.multipartIdentifier
        SubqueryAlias(AliasIdentifier(parts.last, parts.init), byName(name(parts).toLowerCase))
      case w: UnresolvedWith =>
        w.copy(cteRelations = w.cteRelations.map { case (n, q, depth) => (n, substitute(q).asInstanceOf[SubqueryAlias], depth) })
    }
    classic.Dataset.ofRows(session, substitute(plan))
  }

  private def parser(spark: SparkSession) = spark.asInstanceOf[classic.SparkSession].sessionState.sqlParser

  private def name(parts: Seq[String]): String = parts.mkString(".")

  private def cteNames(plan: LogicalPlan): Set[String] = {
    val found = ArrayBuffer[String]()
    visit(plan) { case w: UnresolvedWith => found ++= w.cteRelations.map(_._1.toLowerCase) }
    found.toSet
  }

  /** Every table the plan reads (in its subqueries and WITH definitions too), but not its own WITH names. */
  private def relations(plan: LogicalPlan): Seq[UnresolvedRelation] = {
    val ctes = cteNames(plan)
    val found = ArrayBuffer[UnresolvedRelation]()
    visit(plan) {
      case r: UnresolvedRelation if !(r.multipartIdentifier.size == 1 && ctes(r.multipartIdentifier.head.toLowerCase)) =>
        found += r
    }
    found.toSeq
  }

  private def visit(plan: LogicalPlan)(f: PartialFunction[LogicalPlan, Unit]): Unit = {
    f.applyOrElse(plan, (_: LogicalPlan) => ())
    plan match {
      case w: UnresolvedWith => w.cteRelations.foreach(cte => visit(cte._2)(f))
      case _ =>
    }
    plan.children.foreach(visit(_)(f))
    plan.subqueries.foreach(visit(_)(f))
  }
}
