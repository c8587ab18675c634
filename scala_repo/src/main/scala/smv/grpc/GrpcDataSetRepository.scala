package smv
package grpc

import java.util.concurrent.TimeUnit

import scala.concurrent.duration._
import scala.jdk.CollectionConverters._
import scala.util.Random

import io.grpc.{ClientInterceptors, ManagedChannel, Status, StatusRuntimeException}
import org.apache.spark.sql.DataFrame
import smv.repository.v1._
import smv.repository.v1.SmvDataSetRepositoryGrpc.SmvDataSetRepositoryBlockingStub
import smv.driver.DataFrameHandles
import smv.repository.{DataSetRepository, RunContext, RunResult}

/** Deadlines and retries of a GrpcDataSetRepository.
  *
  * @param metadataDeadline deadline of each metadata call (each attempt)
  * @param runDeadline      deadline of GetDataFrame / Rerun (user code runs there)
  * @param retryFor         how long an idempotent metadata call that meets UNAVAILABLE keeps retrying
  *                         (a span of time, not a number of attempts: a server starting late on a
  *                         loaded machine is still reached); zero never retries
  * @param initialBackoff   wait before the first retry; doubles (with jitter) up to `maxBackoff`
  */
final case class GrpcSettings(
    metadataDeadline: FiniteDuration = 30.seconds,
    runDeadline: FiniteDuration = 2.hours,
    retryFor: FiniteDuration = 5.seconds,
    initialBackoff: FiniteDuration = 100.millis,
    maxBackoff: FiniteDuration = 2.seconds) {
  require(retryFor >= Duration.Zero, "retryFor must not be negative")
}

/** A client of any SmvDataSetRepository server (the Python repository, a served Scala
  * repository, any other language): the contract over gRPC.
  *
  * Every call carries the bearer token and a deadline; idempotent metadata calls are
  * retried with backoff on UNAVAILABLE. DataFrames cross by handle: `getDataFrame`
  * registers the dependencies' DataFrames in DataFrameHandles under the run id, sends
  * the handles, and resolves the handle of the result (the run releases them all).
  * Errors become RepositoryException with the server's status, message and details.
  */
final class GrpcDataSetRepository private (
    val target: String, channel: ManagedChannel, token: Option[String], val settings: GrpcSettings)
    extends DataSetRepository with AutoCloseable {

  private val stub: SmvDataSetRepositoryBlockingStub = {
    val intercepted = token.fold(channel: io.grpc.Channel)(t => ClientInterceptors.intercept(channel, BearerToken.clientInterceptor(t)))
    SmvDataSetRepositoryGrpc.blockingStub(intercepted)
  }

  @volatile private var info: Option[GetServerInfoResponse] = None

  /** The server's info (fetched once). */
  def serverInfo: GetServerInfoResponse = info.getOrElse {
    val i = metadataCall("GetServerInfo")(_.getServerInfo(GetServerInfoRequest()))
    info = Some(i)
    i
  }

  def name: String = info.map(i => s"${i.implementationVersion} repository at $target").getOrElse(s"repository at $target")

  def stages: Seq[String] = serverInfo.stages

  def hasDataSet(urn: String): Boolean = metadataCall("HasDataSet")(_.hasDataSet(HasDataSetRequest(urn))).hasDataSet

  def metadata(urns: Seq[String], includeDependencyClosure: Boolean): Seq[DataSetMetadata] =
    metadataCall("BatchGetMetadata")(_.batchGetMetadata(BatchGetMetadataRequest(urns, includeDependencyClosure))).dataSets

  def isEphemeral(urn: String): Boolean = metadataCall("IsEphemeral")(_.isEphemeral(IsEphemeralRequest(urn))).isEphemeral

  def dependencies(urn: String): Seq[String] =
    metadataCall("GetDependencies")(_.getDependencies(GetDependenciesRequest(urn))).dependencyUrns

  def datasetHash(urn: String, includeSuperClass: Boolean): String =
    metadataCall("GetDataSetHash")(_.getDataSetHash(GetDataSetHashRequest(urn, includeSuperClass))).hash

  def dqm(urn: String): DqmPolicy =
    metadataCall("GetDqmPolicy")(_.getDqmPolicy(GetDqmPolicyRequest(urn))).policy.getOrElse(DqmPolicy())

  def outputModulesForStage(stage: String): Seq[String] =
    metadataCall("GetOutputModulesForStage")(_.getOutputModulesForStage(GetOutputModulesForStageRequest(stage))).urns

  def listDataSets(stage: Option[String]): Seq[String] =
    metadataCall("ListDataSets")(_.listDataSets(ListDataSetsRequest(stage))).urns

  def getDataFrame(urn: String, dependencies: Map[String, DataFrame], run: RunContext): RunResult =
    runCall("GetDataFrame", urn, dependencies, run)((s, r) => s.getDataFrame(r))

  def rerun(urn: String, dependencies: Map[String, DataFrame], run: RunContext): RunResult =
    runCall("Rerun", urn, dependencies, run)((s, r) => s.rerun(r))

  private def runCall(rpc: String, urn: String, dependencies: Map[String, DataFrame], run: RunContext)(
      call: (SmvDataSetRepositoryBlockingStub, RunDataSetRequest) => RunDataSetResponse): RunResult = {
    val handles = dependencies.map { case (u, df) => u -> DataFrameHandle(DataFrameHandles.register(run.runId, df)) }
    val request = RunDataSetRequest(urn, handles, run.runId, run.runConfig)
    val response = try call(stub.withDeadlineAfter(settings.runDeadline.toMillis, TimeUnit.MILLISECONDS), request) catch {
      case e: StatusRuntimeException => throw RepositoryException.from(name, s"$rpc($urn)", e)
    }
    val id = response.result.map(_.id).filter(_.nonEmpty).getOrElse(
      throw new SmvException(s"$name: $rpc($urn) returned no result handle"))
    RunResult(DataFrameHandles.get(id), response.parserErrorCount, response.parserErrorSamples)
  }

  /** An idempotent call: its own deadline per attempt, retried with backoff on UNAVAILABLE until
    * `settings.retryFor` has passed since the first attempt. */
  private def metadataCall[T](rpc: String)(call: SmvDataSetRepositoryBlockingStub => T): T = {
    val start = System.nanoTime()
    val giveUp = start + settings.retryFor.toNanos
    var attempt = 1
    var backoff = settings.initialBackoff.toMillis
    while (true) {
      val pause = backoff / 2 + Random.nextLong(backoff / 2 + 1)
      try return call(stub.withDeadlineAfter(settings.metadataDeadline.toMillis, TimeUnit.MILLISECONDS))
      catch {
        case e: StatusRuntimeException if e.getStatus.getCode == Status.Code.UNAVAILABLE &&
            System.nanoTime() + pause * 1000000L < giveUp =>
          Thread.sleep(pause)
          backoff = math.min(backoff * 2, settings.maxBackoff.toMillis)
          attempt += 1
        case e: StatusRuntimeException =>
          val ex = RepositoryException.from(name, rpc, e)
          val spent = f"${(System.nanoTime() - start) / 1e9}%.1f"
          throw if (attempt > 1) new RepositoryException(ex.repository, s"$rpc (after $attempt attempts in ${spent}s)", ex.code,
            ex.description, ex.reason, ex.remoteType, ex.remoteTraceback, ex.errorMetadata, e) else ex
      }
    }
    throw new IllegalStateException("unreachable")
  }

  /** Shuts the channel down. */
  override def close(): Unit = {
    channel.shutdown()
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) channel.shutdownNow()
  }

  override def toString: String = name
}

object GrpcDataSetRepository {
  /** The major protocol version this client speaks. */
  val ProtocolMajor = "1"

  /** Connects to the repository server at `target` (`unix:/path` or `host:port`) with the
    * session `token` (empty: none), checking it answers and speaks protocol 1.x.
    */
  def connect(target: String, token: String): GrpcDataSetRepository = connect(target, token, GrpcSettings())

  /** py4j: as `connect`, with deadlines in milliseconds. */
  def connect(target: String, token: String, metadataDeadlineMillis: Long, runDeadlineMillis: Long): GrpcDataSetRepository =
    connect(target, token, GrpcSettings(metadataDeadline = metadataDeadlineMillis.millis, runDeadline = runDeadlineMillis.millis))

  /** py4j: as `connect`, over TLS (`tls` from `TlsConfig.client(ca, cert, key)`). */
  def connect(target: String, token: String, tls: ClientTls): GrpcDataSetRepository =
    connect(target, token, GrpcSettings(), Option(tls))

  def connect(target: String, token: String, settings: GrpcSettings, tls: Option[ClientTls] = None): GrpcDataSetRepository = {
    val repo = new GrpcDataSetRepository(target, GrpcTransport.channel(target, tls), Option(token).filter(_.nonEmpty), settings)
    try {
      val version = repo.serverInfo.protocolVersion
      if (version.takeWhile(_ != '.') != ProtocolMajor)
        throw new SmvException(s"${repo.name} speaks protocol $version; this SMV speaks $ProtocolMajor.x")
      repo
    } catch {
      case e: RepositoryException if e.code == Status.Code.UNAVAILABLE && tls.isEmpty && !target.startsWith("unix:") =>
        repo.close()
        throw new SmvException(s"${e.getMessage} (${TlsConfig.PlaintextHint})", e)
      case e: Throwable => repo.close(); throw e
    }
  }
}
