package smv
package resolve

import java.nio.charset.StandardCharsets.UTF_8

import scala.collection.mutable

import smv.repository.v1.{DataSetKind, DataSetMetadata}
import smv.repository.{DataSetRepository, Sha256, Urn}

/** Plans one run: who owns each urn, every dataset's metadata, and the resolved
  * dependency graph with the rules SMV enforces. Everything it learns is cached for the
  * run (a Resolver lives for one run): each repository is asked for its dataset list
  * once, and its metadata comes in BatchGetMetadata-sized pieces (a requested dataset
  * with its whole dependency closure in that repository).
  *
  * Rules (each breach raises an SmvResolutionException before anything runs):
  *  - exactly one repository owns each urn;
  *  - a module uses another stage's module only through a link;
  *  - a link targets an SmvOutput of another stage;
  *  - no cycles.
  */
final class Resolver(repositories: Seq[DataSetRepository], runConfig: Map[String, String], listing: () => Listing) {
  /** A Resolver that lists the repositories itself (once, when it first needs the lists). */
  def this(repositories: Seq[DataSetRepository], runConfig: Map[String, String] = Map.empty) =
    this(repositories, runConfig, () => Listing.of(repositories))

  /** The run configuration is part of every dataset's identity: a changed smv.config.* value
    * never reuses a result computed under another one. Empty configuration adds nothing. */
  private val configText = runConfig.toSeq.sorted.map { case (k, v) => s"$k=$v\n" }.mkString

  require(repositories.nonEmpty, "an SmvApp needs at least one repository")

  private val metadataCache = mutable.Map[String, (DataSetMetadata, DataSetRepository)]()

  /** urn → the repositories listing it (`listing` is asked once, when first needed). */
  private lazy val listed: Map[String, Seq[DataSetRepository]] = listing().byUrn

  /** Every urn any repository lists, sorted. */
  def allUrns: Seq[String] = listed.keys.toSeq.sorted

  private val owners = mutable.Map[String, DataSetRepository]()

  /** The one repository owning `urn`. */
  def owner(urn: String): DataSetRepository = owners.getOrElseUpdate(urn, {
    Urn.parse(urn)
    val claiming = listed.get(urn) match {
      case Some(rs) => rs.distinct
      case None => repositories.filter(_.hasDataSet(urn)) // a repository may own more than it lists
    }
    claiming match {
      case Seq(one) => one
      case Seq() => throw new NoOwnerException(urn, repositories.map(_.name))
      case many => throw new AmbiguousOwnerException(urn, many.map(_.name))
    }
  })

  /** Metadata of `urns`, fetched per owner in one batched call with dependency closure.
    * Every dataset of a closure must be owned by the repository that returned it alone.
    */
  def prefetch(urns: Seq[String]): Unit = {
    val missing = urns.distinct.filterNot(metadataCache.contains)
    missing.groupBy(owner).toSeq.sortBy(g => repositories.indexOf(g._1)).foreach { case (repo, us) =>
      repo.metadata(us, includeDependencyClosure = true).foreach { m =>
        if (listed.contains(m.urn)) owner(m.urn) // raises when another repository claims it too
        metadataCache.getOrElseUpdate(m.urn, (m, repo))
      }
    }
  }

  def metadata(urn: String): (DataSetMetadata, DataSetRepository) = {
    if (!metadataCache.contains(urn)) prefetch(Seq(urn))
    metadataCache.getOrElse(urn, throw new SmvException(s"${owner(urn).name} returned no metadata for $urn"))
  }

  /** Resolves `roots` (mod urns) and everything they depend on. */
  def resolve(roots: Seq[String]): DependencyGraph = {
    roots.foreach { r =>
      if (Urn.parse(r).isLink) throw new SmvException(s"$r is a link; run the module it targets: ${Urn.parse(r).toMod}")
    }
    prefetch(roots)
    val done = mutable.LinkedHashMap[String, ResolvedDataSet]()
    val entered = mutable.HashMap[String, (DataSetMetadata, DataSetRepository, Seq[ResolvedDependency])]()
    PostOrder.walk(roots) { urn =>
      val (meta, repo) = metadata(urn)
      val deps = meta.dependencyUrns.map(d => resolveDependency(meta, d))
      entered(urn) = (meta, repo, deps)
      deps.map(_.targetUrn)
    } { urn =>
      val (meta, repo, deps) = entered.remove(urn).get
      val hoh = Resolver.hashOfHashes(meta.hashWithSuperClass + configText, deps.map(d => done(d.targetUrn).hashOfHashes))
      done(urn) = ResolvedDataSet(meta, repo, deps, hoh)
    }(path => throw new DependencyCycleException(path))
    DependencyGraph(roots, done.values.toSeq)
  }

  private def resolveDependency(user: DataSetMetadata, declared: String): ResolvedDependency = {
    val parsed = Urn.parse(declared)
    if (parsed.isLink) {
      val target = parsed.toMod.toString
      val (t, _) = try metadata(target) catch {
        case e: NoOwnerException =>
          throw new InvalidLinkException(declared, user.urn, target, s"no repository owns the target (${e.getMessage})")
      }
      if (!t.isOutput)
        throw new InvalidLinkException(declared, user.urn, target, "the target is not an SmvOutput")
      if (t.stage == user.stage)
        throw new InvalidLinkException(declared, user.urn, target,
          s"both are in stage ${t.stage}; a link crosses stages (depend on the module directly instead)")
      ResolvedDependency(declared, target, EdgeKind.Link)
    } else {
      val (d, _) = metadata(declared)
      val bothModules = d.kind == DataSetKind.DATA_SET_KIND_MODULE && user.kind == DataSetKind.DATA_SET_KIND_MODULE
      val kind =
        if (d.stage != user.stage) {
          if (bothModules) throw new CrossStageDependencyException(user.urn, user.stage, d.urn, d.stage)
          EdgeKind.CrossStageInput
        } else if (d.language != user.language) EdgeKind.Ext
        else EdgeKind.SameStage
      ResolvedDependency(declared, declared, kind)
    }
  }
}

/** The repositories' dataset lists: urn → the repositories listing it (one ListDataSets each). */
final class Listing private (val byUrn: Map[String, Seq[DataSetRepository]]) {
  /** Every urn listed, sorted. */
  def urns: Seq[String] = byUrn.keys.toSeq.sorted
}

object Listing {
  def of(repositories: Seq[DataSetRepository]): Listing =
    new Listing(repositories.flatMap(r => r.listDataSets(None).map(_ -> r)).groupMap(_._1)(_._2))
}

object Resolver {
  /** sha256 (hex) over the dataset's hash_with_super_class followed by each dependency's
    * hash of hashes in declaration order (UTF-8 text, concatenated).
    */
  def hashOfHashes(hashWithSuperClass: String, dependencyHashOfHashes: Seq[String]): String =
    Sha256.hex((hashWithSuperClass +: dependencyHashOfHashes).mkString.getBytes(UTF_8))
}
