package smv

import java.nio.file.Files

import io.grpc.Status
import smv.repository.v1.Language
import smv.grpc.{BearerToken, GrpcDataSetRepository, RepositoryServer}
import smv.repository.ScalaDataSetRepository

/** Checks that this jar's gRPC works where it is deployed: serves an (empty) repository
  * on a Unix domain socket, calls it with a token, and maps an error status with details.
  * {{{ java -cp smv-assembly.jar:$SPARK_HOME/jars/'*' smv.SelfCheck }}}
  * Prints "OK ..." and exits 0, or prints what failed and exits 1.
  */
object SelfCheck {
  def main(args: Array[String]): Unit = {
    val dir = Files.createTempDirectory("smv-selfcheck")
    val socket = dir.resolve("check.sock")
    val token = BearerToken.generate()
    val ok = try {
      val server = RepositoryServer.start(new ScalaDataSetRepository(Seq("smv.selfcheck.nothing")), s"unix:$socket", token,
        Language.LANGUAGE_SCALA, None)
      try {
        val client = GrpcDataSetRepository.connect(server.target, token)
        try {
          val listed = client.listDataSets(None)
          val error = try { client.isEphemeral("urn:smv:mod:smv.selfcheck.nothing.X"); None }
          catch { case e: RepositoryException => Some(e) }
          val mapped = error.exists(e => e.code == Status.Code.NOT_FOUND && e.reason.contains("DATASET_NOT_FOUND") &&
            e.remoteType.contains(classOf[DataSetNotFoundException].getName))
          println(s"OK unix socket ${server.target}: ${client.name}; ${listed.size} datasets; error details mapped: $mapped")
          mapped
        } finally client.close()
      } finally server.close()
    } catch {
      case e: Throwable =>
        println(s"FAILED: $e")
        e.printStackTrace()
        false
    } finally {
      Files.deleteIfExists(socket)
      Files.deleteIfExists(dir)
    }
    sys.exit(if (ok) 0 else 1)
  }
}
