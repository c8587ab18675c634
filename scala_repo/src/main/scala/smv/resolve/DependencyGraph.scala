package smv
package resolve

import org.json4s._
import org.json4s.jackson.JsonMethods.{compact, render}
import smv.repository.v1.{DataSetKind, DataSetMetadata, Language}
import smv.repository.{DataSetRepository, Urn}

/** How a dataset reaches a dependency. */
sealed abstract class EdgeKind(val name: String) { override def toString: String = name }

object EdgeKind {
  /** A dataset of the same stage and language. */
  case object SameStage extends EdgeKind("same-stage")
  /** A link (`urn:smv:link:`) to another stage's SmvOutput, in any language. */
  case object Link extends EdgeKind("link")
  /** A dataset of the same stage in another language (SmvExtModule / SmvExtDataSet). */
  case object Ext extends EdgeKind("ext")
  /** An input of another stage (inputs may be shared across stages; modules may not). */
  case object CrossStageInput extends EdgeKind("cross-stage-input")
}

/** One declared dependency: the urn as declared and the canonical `mod` urn it resolves to. */
final case class ResolvedDependency(declaredUrn: String, targetUrn: String, kind: EdgeKind)

/** A dataset of a resolved run: its metadata, its owner and its identity (hash of hashes). */
final case class ResolvedDataSet(
    meta: DataSetMetadata, owner: DataSetRepository, dependencies: Seq[ResolvedDependency], hashOfHashes: String) {
  def urn: String = meta.urn
  def fqn: String = Urn.fqnOf(meta.urn)
  def language: String = DependencyGraph.languageName(meta.language)
  def kind: String = meta.kind match {
    case DataSetKind.DATA_SET_KIND_INPUT => "input"
    case DataSetKind.DATA_SET_KIND_MODULE => "module"
    case _ => "unspecified"
  }
}

/** The datasets a run needs, dependencies before their users, with every edge resolved. */
final case class DependencyGraph(roots: Seq[String], nodes: Seq[ResolvedDataSet]) {
  private val byUrn = nodes.map(n => n.urn -> n).toMap

  def apply(urn: String): ResolvedDataSet =
    byUrn.getOrElse(urn, throw new NoSuchElementException(s"$urn is not in this dependency graph"))
  def contains(urn: String): Boolean = byUrn.contains(urn)
  def urns: Seq[String] = nodes.map(_.urn)

  /** `{"roots": [...], "nodes": [{urn, fqn, language, stage, kind, output, ephemeral, tableName, ...}], "edges": [{from, to, via, kind}]}`;
    * an edge goes from a dataset to the dependency it uses.
    */
  def toJson: String = toJson(_ => Nil)

  /** The JSON with each node's `columnDescriptions` ([{column, description}], e.g. of its persisted result). */
  def toJson(columnDescriptions: ResolvedDataSet => Seq[(String, String)]): String = compact(render(JObject(
    "roots" -> JArray(roots.map(JString(_)).toList),
    "nodes" -> JArray(nodes.map { n =>
      JObject(
        "urn" -> JString(n.urn), "fqn" -> JString(n.fqn), "language" -> JString(n.language),
        "stage" -> JString(n.meta.stage), "kind" -> JString(n.kind), "output" -> JBool(n.meta.isOutput),
        "ephemeral" -> JBool(n.meta.isEphemeral), "description" -> JString(n.meta.description),
        "repository" -> JString(n.owner.name), "hashOfHashes" -> JString(n.hashOfHashes),
        "tableName" -> n.meta.tableName.map(JString(_)).getOrElse(JNull),
        "columnDescriptions" -> JArray(columnDescriptions(n).map { case (c, text) =>
          JObject("column" -> JString(c), "description" -> JString(text)): JValue }.toList))
    }.toList),
    "edges" -> JArray(edges.map { case (from, d) =>
      JObject("from" -> JString(from), "to" -> JString(d.targetUrn), "via" -> JString(d.declaredUrn),
        "kind" -> JString(d.kind.name))
    }.toList))))

  def edges: Seq[(String, ResolvedDependency)] = nodes.flatMap(n => n.dependencies.map(n.urn -> _))

  /** Graphviz text: one cluster per stage; links dashed, ext edges dotted. */
  def toDot: String = {
    def q(s: String) = "\"" + s.replace("\"", "\\\"") + "\""
    val clusters = nodes.groupBy(_.meta.stage).toSeq.sortBy(_._1).zipWithIndex.map { case ((stage, ns), i) =>
      val lines = ns.map { n =>
        val shape = if (n.kind == "input") "cylinder" else if (n.meta.isOutput) "doubleoctagon" else "box"
        s"    ${q(n.urn)} [label=${q(s"${n.fqn}\\n(${n.language})")}, shape=$shape];"
      }
      (s"  subgraph cluster_$i {" +: s"    label=${q(stage)};" +: lines :+ "  }").mkString("\n")
    }
    val edgeLines = edges.map { case (from, d) =>
      val style = d.kind match { case EdgeKind.Link => " [style=dashed]"; case EdgeKind.Ext => " [style=dotted]"; case _ => "" }
      s"  ${q(d.targetUrn)} -> ${q(from)}$style;"
    }
    (("digraph smv {" +: "  rankdir=LR;" +: clusters) ++ edgeLines :+ "}").mkString("\n")
  }
}

object DependencyGraph {
  def languageName(l: Language): String = l match {
    case Language.LANGUAGE_PYTHON => "python"
    case Language.LANGUAGE_SCALA => "scala"
    case other => other.name.stripPrefix("LANGUAGE_").toLowerCase
  }
}
