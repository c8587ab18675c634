package smv

/** A run cannot be planned: the dependency graph breaks a rule. Raised before anything runs. */
sealed abstract class SmvResolutionException(message: String) extends SmvException(message)

/** No registered repository owns the urn. */
final class NoOwnerException(val urn: String, val repositoriesAsked: Seq[String])
    extends SmvResolutionException(
      s"no repository owns $urn (asked: ${repositoriesAsked.mkString(", ")})")

/** More than one repository claims the urn. */
final class AmbiguousOwnerException(val urn: String, val owners: Seq[String])
    extends SmvResolutionException(
      s"$urn is claimed by more than one repository: ${owners.mkString(" and ")}")

/** The datasets depend on each other in a cycle; `cycle` starts and ends with the same urn. */
final class DependencyCycleException(val cycle: Seq[String])
    extends SmvResolutionException(s"dependency cycle: ${cycle.mkString(" -> ")}")

/** A module depends directly on a module of another stage instead of through a link. */
final class CrossStageDependencyException(
    val urn: String, val stage: String, val dependencyUrn: String, val dependencyStage: String)
    extends SmvResolutionException(
      s"$urn (stage $stage) depends directly on $dependencyUrn (stage $dependencyStage); " +
        "a module may use another stage's module only through a link (SmvModuleLink/SmvExtModuleLink) " +
        "to an SmvOutput")

/** A link whose target is not an SmvOutput, or lies in the linking module's own stage. */
final class InvalidLinkException(val linkUrn: String, val usedBy: String, val targetUrn: String, reason: String)
    extends SmvResolutionException(s"link $linkUrn (used by $usedBy) to $targetUrn is invalid: $reason")
