package smv
package grpc

import java.io.{PrintWriter, StringWriter}
import java.util.concurrent.{Executors, ThreadFactory}

import scala.concurrent.{ExecutionContext, Future}
import scala.util.control.NonFatal

import com.google.protobuf.{Any => PbAny}
import com.google.rpc.{Code, DebugInfo, ErrorInfo}
import io.grpc.protobuf.StatusProto
import io.grpc.StatusRuntimeException
import org.apache.spark.sql.SparkSession
import smv.repository.v1._
import smv.driver.DataFrameHandles
import smv.repository.{DataSetRepository, RunContext, RunResult}

/** Serves any DataSetRepository over the contract (ScalaPB service implementation).
  *
  * Errors are statuses with `google.rpc.ErrorInfo` (reason, domain "smv.repository.v1",
  * metadata `exception_type`) and `google.rpc.DebugInfo` (the stack trace) details:
  * INVALID_ARGUMENT for a malformed urn, NOT_FOUND for an unknown urn or handle,
  * FAILED_PRECONDITION for a missing input or schema, a bad schema or a run without
  * Spark, UNKNOWN for user code that raised, INTERNAL for anything else.
  *
  * @param spark the session GetDataFrame runs in; None serves metadata only
  */
final class RepositoryService(
    repository: DataSetRepository,
    language: Language,
    spark: Option[SparkSession],
    implicit val ec: ExecutionContext) extends SmvDataSetRepositoryGrpc.SmvDataSetRepository {

  /** Recent runs' contexts, so data cached by a run is released once newer runs came. */
  private val runs = new RecentRuns(8)

  private def serve[T](body: => T): Future[T] = Future(try body catch { case NonFatal(e) => throw RepositoryService.toStatus(e) })

  def getServerInfo(r: GetServerInfoRequest): Future[GetServerInfoResponse] = serve {
    GetServerInfoResponse(RepositoryService.ProtocolVersion, language, s"smv-scala ${RepositoryService.Version}",
      Seq("batch-metadata") ++ spark.map(_ => Seq("run", "rerun")).getOrElse(Nil), repository.stages)
  }
  def hasDataSet(r: HasDataSetRequest): Future[HasDataSetResponse] = serve(HasDataSetResponse(repository.hasDataSet(r.urn)))
  def isEphemeral(r: IsEphemeralRequest): Future[IsEphemeralResponse] = serve(IsEphemeralResponse(repository.isEphemeral(r.urn)))
  def getDependencies(r: GetDependenciesRequest): Future[GetDependenciesResponse] =
    serve(GetDependenciesResponse(repository.dependencies(r.urn)))
  def getDataSetHash(r: GetDataSetHashRequest): Future[GetDataSetHashResponse] =
    serve(GetDataSetHashResponse(repository.datasetHash(r.urn, r.includeSuperClass)))
  def getOutputModulesForStage(r: GetOutputModulesForStageRequest): Future[GetOutputModulesForStageResponse] =
    serve(GetOutputModulesForStageResponse(repository.outputModulesForStage(r.stage)))
  def getDqmPolicy(r: GetDqmPolicyRequest): Future[GetDqmPolicyResponse] = serve(GetDqmPolicyResponse(Some(repository.dqm(r.urn))))
  def listDataSets(r: ListDataSetsRequest): Future[ListDataSetsResponse] = serve(ListDataSetsResponse(repository.listDataSets(r.stage)))
  def batchGetMetadata(r: BatchGetMetadataRequest): Future[BatchGetMetadataResponse] =
    serve(BatchGetMetadataResponse(repository.metadata(r.urns, r.includeDependencyClosure)))

  def getDataFrame(r: RunDataSetRequest): Future[RunDataSetResponse] = serve(run(r, repository.getDataFrame))
  def rerun(r: RunDataSetRequest): Future[RunDataSetResponse] = serve(run(r, repository.rerun))

  private def run(r: RunDataSetRequest,
      call: (String, Map[String, org.apache.spark.sql.DataFrame], RunContext) => RunResult): RunDataSetResponse = {
    val session = spark.getOrElse(throw RepositoryService.failure(Code.FAILED_PRECONDITION, "SPARK_REQUIRED",
      s"${repository.name} is served without Spark (metadata only); it cannot run ${r.urn}"))
    if (r.runId.isEmpty) throw RepositoryService.failure(Code.INVALID_ARGUMENT, "INVALID_REQUEST", s"run_id is required to run ${r.urn}")
    val missing = repository.dependencies(r.urn).filterNot(r.dependencies.contains)
    if (missing.nonEmpty) throw RepositoryService.failure(Code.INVALID_ARGUMENT, "INVALID_REQUEST", s"${r.urn} needs the results of " +
      s"${missing.mkString(", ")}; the request gave handles for ${r.dependencies.keys.toSeq.sorted.mkString(", ")}")
    val deps = r.dependencies.map { case (urn, h) => urn -> DataFrameHandles.get(h.id) }
    val ctx = runs.context(r.runId, RunContext(r.runId, session, r.runConfig))
    val result = call(r.urn, deps, ctx)
    RunDataSetResponse(Some(DataFrameHandle(DataFrameHandles.register(r.runId, result.df))),
      result.parserErrorCount, result.parserErrorSamples)
  }

  /** Releases what the served runs still hold. */
  def close(): Unit = runs.releaseAll()
}

/** The contexts of the last `keep` runs; older ones are released. */
private final class RecentRuns(keep: Int) {
  private val contexts = new java.util.LinkedHashMap[String, RunContext]()

  def context(runId: String, create: => RunContext): RunContext = synchronized {
    val existing = contexts.remove(runId)
    val ctx = if (existing != null) existing else create
    contexts.put(runId, ctx)
    while (contexts.size > keep) {
      val oldest = contexts.keySet.iterator.next()
      contexts.remove(oldest).release()
    }
    ctx
  }

  def releaseAll(): Unit = synchronized {
    contexts.values.forEach(_.release())
    contexts.clear()
  }
}

object RepositoryService {
  val ProtocolVersion = "1.0"
  val Domain = "smv.repository.v1"
  lazy val Version: String = Option(getClass.getPackage.getImplementationVersion).getOrElse("0.1.0")

  /** A daemon thread pool for the blocking repository calls. */
  def defaultExecutionContext(): ExecutionContext = ExecutionContext.fromExecutorService(
    Executors.newCachedThreadPool(new ThreadFactory {
      private val n = new java.util.concurrent.atomic.AtomicInteger()
      def newThread(r: Runnable): Thread = {
        val t = new Thread(r, s"smv-repository-${n.incrementAndGet()}")
        t.setDaemon(true)
        t
      }
    }))

  /** Status details travel in HTTP/2 trailers, which gRPC clients refuse beyond 8 KiB by default
    * (docs/contract.md promises less): the message (sent three times: grpc-message, Status.message,
    * DebugInfo.detail), each ErrorInfo value (a urn asked about may be a megabyte long) and the
    * stack trace are capped, and the trace shrinks until the whole fits `TrailerBudgetBytes`. */
  val TrailerBudgetBytes = 7000
  private val MaxMessage = 1000
  private val MaxMetadataValue = 200
  private val MaxTraceLine = 200
  private val MaxTraceLines = 40

  private def clip(s: String, max: Int): String = if (s.length <= max) s else s.take(max) + s" ... (${s.length - max} more characters)"

  /** A status with an ErrorInfo detail (reason, domain) and no stack trace: a refused request. */
  def failure(code: Code, reason: String, message: String): StatusRuntimeException =
    StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
      .setCode(code.getNumber).setMessage(clip(message, MaxMessage))
      .addDetails(PbAny.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(Domain).build())).build())

  /** The status (with ErrorInfo/DebugInfo details) an exception becomes on the wire. */
  def toStatus(e: Throwable): StatusRuntimeException = e match {
    case s: StatusRuntimeException => s
    case _ =>
      val (code, reason) = e match {
        case _: MalformedUrnException => (Code.INVALID_ARGUMENT, "MALFORMED_URN")
        case _: LinkUrnNotAcceptedException => (Code.INVALID_ARGUMENT, "LINK_URN_NOT_ACCEPTED")
        case _: DataSetNotFoundException => (Code.NOT_FOUND, "DATASET_NOT_FOUND")
        case _: StageNotFoundException => (Code.NOT_FOUND, "STAGE_NOT_FOUND")
        case _: NoSuchElementException if String.valueOf(e.getMessage).contains("DataFrame handle") => (Code.NOT_FOUND, "UNKNOWN_HANDLE")
        case _: InputNotFoundException => (Code.FAILED_PRECONDITION, "INPUT_NOT_FOUND")
        case _: SmvSchemaException => (Code.FAILED_PRECONDITION, "BAD_SCHEMA")
        case _: DataSetRunException => (Code.UNKNOWN, "USER_CODE_ERROR")
        case _ => (Code.INTERNAL, "INTERNAL_ERROR")
      }
      val cause = e match { case r: DataSetRunException if r.getCause != null => r.getCause; case other => other }
      val trace = new StringWriter()
      cause.printStackTrace(new PrintWriter(trace))
      val metadata: Seq[(String, String)] = Seq("exception_type" -> cause.getClass.getName) ++ (e match {
        case r: DataSetRunException => Seq("urn" -> r.urn)
        case n: DataSetNotFoundException => Seq("urn" -> n.urn)
        case m: MalformedUrnException => Seq("urn" -> String.valueOf(m.urn))
        case l: LinkUrnNotAcceptedException => Seq("urn" -> l.urn)
        case st: StageNotFoundException => Seq("stage" -> st.stage, "stages" -> st.stages.mkString(","))
        case _ => Nil
      })
      val info = ErrorInfo.newBuilder().setReason(reason).setDomain(Domain)
      metadata.foreach { case (k, v) => info.putMetadata(k, clip(v, MaxMetadataValue)) }
      val message = clip(String.valueOf(e.getMessage), MaxMessage)
      val detail = clip(s"${cause.getClass.getName}: ${cause.getMessage}", MaxMessage)
      val lines = trace.toString.split("\n").toSeq.map(clip(_, MaxTraceLine))
      def status(keep: Int): com.google.rpc.Status = {
        val kept = lines.take(keep) ++ (if (lines.size > keep) Seq(s"... ${lines.size - keep} more lines") else Nil)
        val debug = DebugInfo.newBuilder().setDetail(detail).addAllStackEntries(java.util.Arrays.asList(kept: _*))
        com.google.rpc.Status.newBuilder().setCode(code.getNumber).setMessage(message)
          .addDetails(PbAny.pack(info.build())).addDetails(PbAny.pack(debug.build())).build()
      }
      val fitting = Iterator.iterate(MaxTraceLines)(_ / 2).takeWhile(_ > 0).map(status)
        .find(s => trailerBytes(s) <= TrailerBudgetBytes).getOrElse(status(0))
      StatusProto.toStatusRuntimeException(fitting)
  }

  /** Bytes `status` takes in trailers: grpc-message (percent-encoded) and grpc-status-details-bin (base64). */
  def trailerBytes(status: com.google.rpc.Status): Int = {
    val encodedMessage = status.getMessage.getBytes(java.nio.charset.StandardCharsets.UTF_8)
      .map(b => if (b >= 0x20 && b < 0x7f && b != '%') 1 else 3).sum
    val details = java.util.Base64.getEncoder.encode(status.toByteArray).length
    3 * 32 + "grpc-status".length + 3 + "grpc-message".length + encodedMessage + "grpc-status-details-bin".length + details
  }
}
