package smv
package resolve

import scala.collection.mutable

import org.json4s._
import org.json4s.jackson.JsonMethods.{compact, render}
import smv.helpers.DescriptionHelpers
import smv.persist.{PersistedInfo, Persistence}
import smv.repository.Urn

/** What a run would do with one dataset, and why.
  *
  * @param action "run" (compute it), "reuse" (read its persisted result) or "skip"
  *               (not needed: everything using it reuses a persisted result)
  * @param descriptions the column descriptions (smvDesc) of a persisted result it reuses, in
  *               column order: read from the persisted schema, nothing recomputed
  */
final case class PlannedDataSet(urn: String, language: String, stage: String, action: String, reason: String,
    path: Option[String], changed: Option[String] = None, descriptions: Seq[(String, String)] = Nil)

/** A dry run: the datasets of a run, dependencies first, each with its planned action. */
final case class RunPlan(roots: Seq[String], datasets: Seq[PlannedDataSet]) {
  private lazy val byUrn = datasets.map(d => d.urn -> d).toMap
  def actionOf(urn: String): String = byUrn.get(urn).map(_.action).getOrElse("absent")

  def toJson: String = compact(render(JObject(
    "roots" -> JArray(roots.map(JString(_)).toList),
    "datasets" -> JArray(datasets.map { d =>
      JObject("urn" -> JString(d.urn), "language" -> JString(d.language), "stage" -> JString(d.stage),
        "action" -> JString(d.action), "reason" -> JString(d.reason), "path" -> d.path.map(JString(_)).getOrElse(JNull),
        "changed" -> d.changed.map(JString(_)).getOrElse(JNull),
        "descriptions" -> JArray(d.descriptions.map { case (c, text) =>
          JObject("column" -> JString(c), "description" -> JString(text)): JValue }.toList))
    }.toList))))
}

object RunPlan {
  /** The plan SmvApp follows: a persisted non-ephemeral result is reused (unless
    * forced), and its dependencies are then not needed; anything else runs after its
    * dependencies.
    */
  /** Persisted under its current identity (and not forced): read back, its dependencies not needed.
    * The one rule both a plan and a run decide reuse by (a run asks the file system now). */
  def reusable(n: ResolvedDataSet, persistence: Persistence, forceRunAll: Boolean): Boolean =
    reusableIf(n, forceRunAll)(persistence.exists(n.fqn, n.hashOfHashes))

  private def reusableIf(n: ResolvedDataSet, forceRunAll: Boolean)(persisted: => Boolean): Boolean =
    !n.meta.isEphemeral && !forceRunAll && persisted

  def apply(graph: DependencyGraph, persistence: Persistence, forceRunAll: Boolean): RunPlan = {
    val decided = mutable.LinkedHashMap[String, PlannedDataSet]()
    val reused = mutable.HashSet[String]()
    // One listing of the output folder per plan answers both whether a dataset is persisted
    // under its identity (`reusable`'s question, without a file-system call per dataset:
    // 10,000 Hadoop exists() took 1.7 s with a warm JIT on a loaded machine) and what it was before.
    val persisted = persistence.persistedVersions()
    def persistedNow(n: ResolvedDataSet) = persisted.get(n.fqn).exists(_.contains(n.hashOfHashes.take(8)))
    PostOrder.walk(graph.roots) { urn =>
      val n = graph(urn)
      if (reusableIf(n, forceRunAll)(persistedNow(n))) { reused += urn; Nil }
      else n.dependencies.map(_.targetUrn)
    } { urn =>
      val n = graph(urn)
      val path = persistence.dataPath(n.fqn, n.hashOfHashes).toString
      def entry(action: String, reason: String, p: Option[String], changed: Option[String] = None) =
        PlannedDataSet(urn, n.language, n.meta.stage, action, reason, p, changed)
      decided(urn) =
        if (n.meta.isEphemeral) entry("run", "ephemeral: never persisted", None)
        else if (reused(urn)) entry("reuse", s"persisted at $path", Some(path)).copy(descriptions =
          persistence.persistedSchema(n.fqn, n.hashOfHashes).map(DescriptionHelpers.described).getOrElse(Nil))
        else if (forceRunAll) entry("run", "forced (--force-run-all)", Some(path))
        else persistence.previousInfo(n.fqn, n.hashOfHashes, persisted) match {
          case None => entry("run", "never persisted", Some(path))
          case Some(before) =>
            val (part, reason) = changeOf(graph, n, before)
            entry("run", reason, Some(path), Some(part))
        }
    }(path => throw new DependencyCycleException(path))
    val ordered = graph.nodes.map { n =>
      decided.getOrElse(n.urn, PlannedDataSet(n.urn, n.language, n.meta.stage, "skip",
        "not needed: every dataset using it reuses a persisted result", None))
    }
    RunPlan(graph.roots, ordered)
  }

  /** The parts of a dataset's identity a change is named by (`changed` of a plan entry). */
  val ChangedParts: Seq[String] = Seq("code", "version", "config", "input", "upstream")

  /** Why `n` no longer matches its previous persisted version: its own code, or which dependencies. */
  private[smv] def whatChanged(graph: DependencyGraph, n: ResolvedDataSet, before: PersistedInfo): String =
    changeOf(graph, n, before)._2

  /** Which part of `n`'s identity changed since `before` (one of ChangedParts), and a sentence saying how. */
  private[smv] def changeOf(graph: DependencyGraph, n: ResolvedDataSet, before: PersistedInfo): (String, String) = {
    def short(h: String) = h.take(8)
    val hashes = s"(hash ${short(before.hashWithSuperClass)} -> ${short(n.meta.hashWithSuperClass)})"
    if (before.hashWithSuperClass != n.meta.hashWithSuperClass) {
      if (n.kind == "input") "input" -> s"its input file or schema changed $hashes"
      else if (before.version.isDefined && before.version != n.meta.version)
        "version" -> s"its version changed (${before.version.getOrElse("")} -> ${n.meta.version.getOrElse("none")})"
      else "code" -> s"its code changed $hashes"
    } else {
      val changed = n.dependencies.map(_.targetUrn).distinct.flatMap { dep =>
        val now = graph(dep).hashOfHashes
        before.dependencyHashes.get(dep) match {
          case Some(was) if was == now => None
          case Some(was) => Some(s"${Urn.fqnOf(dep)} (${short(was)} -> ${short(now)})")
          case None => Some(s"${Urn.fqnOf(dep)} (new dependency)")
        }
      }
      if (changed.nonEmpty) "upstream" -> s"upstream changed: ${changed.mkString(", ")}"
      else "config" -> s"the run configuration (smv.config.*) changed (${short(before.hashOfHashes)} -> ${short(n.hashOfHashes)})"
    }
  }
}
