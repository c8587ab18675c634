package smv

import scala.jdk.CollectionConverters._

import com.google.rpc.{DebugInfo, ErrorInfo}
import io.grpc.{Status, StatusRuntimeException}
import io.grpc.protobuf.StatusProto

/** A repository server answered a call with an error status.
  *
  * Keeps the server's status code and message and, from the `google.rpc.Status`
  * details, the `ErrorInfo` reason and remote exception type and the `DebugInfo`
  * traceback (Python's, for user code that raised in a Python repository). The
  * message carries all of it, so a py4j caller sees the remote traceback.
  */
final class RepositoryException(
    val repository: String,
    val rpc: String,
    val code: Status.Code,
    val description: String,
    val reason: Option[String],
    val remoteType: Option[String],
    val remoteTraceback: Option[String],
    val errorMetadata: Map[String, String],
    cause: Throwable)
    extends SmvException(RepositoryException.message(repository, rpc, code, description, reason, remoteType, remoteTraceback), cause) {

  /** The status code's name, e.g. "NOT_FOUND" (for py4j callers). */
  def codeName: String = code.name
}

object RepositoryException {
  /** Metadata keys of ErrorInfo naming the remote exception's type, in order of preference. */
  val TypeKeys: Seq[String] = Seq("exception_type", "exceptionType", "type")

  def from(repository: String, rpc: String, e: StatusRuntimeException): RepositoryException = {
    val status = e.getStatus
    val details = Option(StatusProto.fromThrowable(e)).map(_.getDetailsList.asScala.toSeq).getOrElse(Nil)
    val info = details.find(_.is(classOf[ErrorInfo])).map(_.unpack(classOf[ErrorInfo]))
    val debug = details.find(_.is(classOf[DebugInfo])).map(_.unpack(classOf[DebugInfo]))
    val meta = info.map(_.getMetadataMap.asScala.toMap).getOrElse(Map.empty[String, String])
    val traceback = debug.flatMap { d =>
      val entries = d.getStackEntriesList.asScala.toSeq
      val joined = if (entries.forall(_.endsWith("\n"))) entries.mkString else entries.mkString("\n")
      Seq(joined, d.getDetail).find(_.trim.nonEmpty)
    }
    new RepositoryException(repository, rpc, status.getCode, Option(status.getDescription).getOrElse(""),
      info.map(_.getReason).filter(_.nonEmpty), TypeKeys.flatMap(meta.get).headOption, traceback, meta, e)
  }

  private def message(repository: String, rpc: String, code: Status.Code, description: String, reason: Option[String],
      remoteType: Option[String], traceback: Option[String]): String = {
    val head = s"$repository: $rpc failed with ${code.name}" + reason.map(r => s" ($r)").getOrElse("") + s": $description"
    val kind = remoteType.map(t => s"\nremote exception: $t").getOrElse("")
    val tb = traceback.map(t => s"\nremote traceback:\n${t.stripTrailing()}").getOrElse("")
    head + kind + tb
  }
}
