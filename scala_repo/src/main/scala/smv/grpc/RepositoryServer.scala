package smv
package grpc

import java.util.concurrent.TimeUnit

import io.grpc.Server
import io.grpc.protobuf.services.{HealthStatusManager, ProtoReflectionService}
import org.apache.spark.sql.SparkSession
import smv.repository.v1.{Language, SmvDataSetRepositoryGrpc}
import smv.repository.DataSetRepository

/** A running repository server: any DataSetRepository served over the contract, with
  * the standard health and reflection services, behind a bearer token.
  *
  * {{{
  * val server = RepositoryServer.start(new ScalaDataSetRepository(stages), "unix:/tmp/smv.sock", token)
  * try GrpcDataSetRepository.connect(server.target, token) ... finally server.close()
  * }}}
  */
final class RepositoryServer private (server: Server, val target: String, service: RepositoryService,
    cleanup: () => Unit) extends AutoCloseable {
  override def close(): Unit = {
    server.shutdown()
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS)
    service.close()
    cleanup()
  }
}

object RepositoryServer {
  /** Serves `repository` on `target` (`unix:/path` or `host:port`, port 0 for any free one). An
    * empty `token` serves without authentication (tests only). Runs use the active Spark session.
    */
  def start(repository: DataSetRepository, target: String, token: String): RepositoryServer =
    start(repository, target, token, Language.LANGUAGE_SCALA, SparkSession.getActiveSession.orElse(SparkSession.getDefaultSession))

  /** py4j: as `start`, over TLS (`tls` null: plaintext) or, beyond loopback, `insecure`. */
  def start(repository: DataSetRepository, target: String, token: String, tls: ServerTls, insecure: Boolean): RepositoryServer =
    start(repository, target, token, Language.LANGUAGE_SCALA, SparkSession.getActiveSession.orElse(SparkSession.getDefaultSession),
      Option(tls), insecure)

  def start(repository: DataSetRepository, target: String, token: String, language: Language,
      spark: Option[SparkSession], tls: Option[ServerTls] = None, insecure: Boolean = false): RepositoryServer = {
    val service = new RepositoryService(repository, language, spark, RepositoryService.defaultExecutionContext())
    val health = new HealthStatusManager()
    val definition = StrictParsing(SmvDataSetRepositoryGrpc.bindService(service, service.ec))
    val (server, actual, cleanup) = GrpcTransport.startServer(target,
      Seq(definition, health.getHealthService.bindService(), ProtoReflectionService.newInstance().bindService()),
      Option(token).filter(_.nonEmpty).map(BearerToken.serverInterceptor).toSeq, tls, insecure)
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING)
    health.setStatus(SmvDataSetRepositoryGrpc.SERVICE.getName, io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING)
    new RepositoryServer(server, actual, service, cleanup)
  }
}
