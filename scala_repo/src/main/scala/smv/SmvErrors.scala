package smv

import smv.repository.Urn

/** Base of every error SMV raises on the JVM. Python maps these by class name. */
class SmvException(message: String, cause: Throwable = null) extends RuntimeException(message, cause)

/** A string that is not a canonical SMV urn. */
final class MalformedUrnException(val urn: String)
    extends SmvException(s"malformed urn '$urn': expected ${Urn.ExpectedForm}")

/** A repository was asked about a dataset it does not own. */
final class DataSetNotFoundException(val urn: String, val repository: String)
    extends SmvException(s"$repository does not own dataset $urn")

/** An input's data or schema file is not where it is expected. */
final class InputNotFoundException(val path: String, val what: String, val urn: String, inputDir: String = "")
    extends SmvException(s"$what of $urn not found: expected at $path" +
      (if (inputDir.nonEmpty) s" (under smv.inputDir = $inputDir)" else ""))

/** A schema (file or string) that does not follow the SMV schema format. */
final class SmvSchemaException(val source: String, val line: Int, detail: String)
    extends SmvException(s"bad SMV schema in $source" + (if (line > 0) s" line $line" else "") + s": $detail")

/** A dataset's own code failed while running. */
final class DataSetRunException(val urn: String, val repository: String, cause: Throwable)
    extends SmvException(
      s"$urn failed in $repository: ${cause.getClass.getName}: ${cause.getMessage}", cause)

/** A DQM policy failed; `reportJson` holds `passed`, `errorMessages` and `checkLog`. */
final class SmvDqmValidationError(val urn: String, val reportJson: String)
    extends SmvException(s"DQM validation failed for $urn: $reportJson")

/** A link urn where a dataset urn is expected: SmvApp resolves links, repositories never own them. */
final class LinkUrnNotAcceptedException(val urn: String)
    extends SmvException(s"$urn is a link: SmvApp resolves links to ${Urn.mod(Urn.fqnOf(urn))}, the urn repositories " +
      "answer for; expected urn:smv:mod:<fqn>")

/** A repository was asked about a stage it does not serve. */
final class StageNotFoundException(val stage: String, val stages: Seq[String])
    extends SmvException(s"stage '$stage' is not served here; stages: ${stages.mkString(", ")}")

/** An SMV 2.x feature this SMV does not provide (`feature` names the class or method). */
final class SmvUnsupportedException(val feature: String, instead: String)
    extends SmvException(s"$feature is not supported by this SMV (it was part of SMV 2.2.0.0): $instead " +
      "(see docs/migrating-from-smv.md)")
