package smv
package driver

import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.{Files, Path}
import java.security.SecureRandom
import java.util.Base64
import java.util.concurrent.TimeUnit

import scala.jdk.CollectionConverters._
import scala.util.control.NonFatal

import py4j.ClientServer
import smv.grpc.GrpcDataSetRepository

/** The Scala-driven deployment: Python repository server processes attached to this
  * driver JVM, so Python modules run in the driver's own Spark session and their
  * DataFrames still pass by handle.
  *
  * The JVM opens a py4j gateway (loopback, random port, secret) the way pyspark's own
  * launcher does, and starts `python -m smv.cli.smv_repository_server --spark attach` once per group of
  * stages; each connects to the gateway through PYSPARK_GATEWAY_PORT/SECRET (pyspark's own
  * mechanism) and serves its stages on a private Unix socket. `repository` is the gRPC
  * client of it. A child never outlives this JVM: it stops when its stdin, a pipe from this
  * JVM, reaches end of file, which the kernel makes happen when the JVM dies, even by SIGKILL.
  */
final class PythonRepositoryProcess private (
    val description: String, process: Process, dir: Path, val repository: GrpcDataSetRepository) extends AutoCloseable {

  /** Stops the Python process (SIGTERM, then SIGKILL). */
  override def close(): Unit = {
    try repository.close()
    finally PythonRepositoryProcess.stop(process, dir)
  }
}

object PythonRepositoryProcess {
  /** How long a Python process may take to import its stages and start serving, by default. */
  val DefaultStartTimeoutMillis: Long = 120000L

  /** What to start: the app in `appDir` (its `src/main/python`) with `python` (e.g. $PYSPARK_PYTHON),
    * serving `stages`, reading inputs from `inputDir` as the driver resolved it. */
  final case class Spec(appDir: String, python: String, inputDir: String, stages: Seq[String]) {
    def command(dir: Path): Seq[String] = Seq(python, "-m", "smv.cli.smv_repository_server", "--app-dir", appDir,
      "--spark", "attach", "--listen", s"unix:${dir.resolve("repository.sock")}",
      "--address-file", dir.resolve("address").toString,
      "--stop-on-stdin-eof", "--parent-dir", dir.toString,
      "--smv-props", s"smv.inputDir=$inputDir", s"smv.stages=${stages.mkString(",")}")
  }

  /** Starts one process per spec, all attached to one py4j gateway of this JVM (closed by the
    * returned Attached), and waits until each serves or fails. */
  def startAll(specs: Seq[Spec], startTimeoutMillis: Long = DefaultStartTimeoutMillis): Attached = {
    val secret = newSecret()
    val gateway = new ClientServer.ClientServerBuilder().javaPort(0).authToken(secret).build()
    val launched = scala.collection.mutable.ArrayBuffer[Launched]()
    try {
      specs.foreach(s => launched += launch(s, gateway.getJavaServer.getListeningPort, secret))
      val deadline = System.currentTimeMillis() + startTimeoutMillis
      new Attached(gateway, launched.toSeq.map(_.await(deadline, startTimeoutMillis)))
    } catch {
      case e: Throwable =>
        launched.foreach(l => stop(l.process, l.dir))
        gateway.shutdown()
        throw e
    }
  }

  /** The started processes and their gateway. */
  final class Attached private[PythonRepositoryProcess] (gateway: ClientServer, val processes: Seq[PythonRepositoryProcess])
      extends AutoCloseable {
    def repositories: Seq[GrpcDataSetRepository] = processes.map(_.repository)
    override def close(): Unit =
      try processes.foreach(p => try p.close() catch { case NonFatal(_) => () }) finally gateway.shutdown()
  }

  private final class Launched(spec: Spec, val process: Process, val dir: Path, token: String) {
    private val log = dir.resolve("server.log")
    private val name = s"the Python repository of ${spec.stages.mkString(", ")} (pid ${process.pid}, ${spec.python})"

    def await(deadline: Long, timeoutMillis: Long): PythonRepositoryProcess = {
      val addressFile = dir.resolve("address")
      while (!Files.exists(addressFile)) {
        if (!process.isAlive)
          throw new SmvException(s"$name exited (status ${process.exitValue()}) before serving; its output ends:\n${tail(log)}")
        if (System.currentTimeMillis() > deadline)
          throw new SmvException(s"$name did not start serving within ${timeoutMillis / 1000.0} s " +
            s"(${SmvConfig.PythonStartTimeoutKey}); its output ends:\n${tail(log)}")
        Thread.sleep(50)
      }
      val address = new String(Files.readAllBytes(addressFile), UTF_8).trim
      new PythonRepositoryProcess(name, process, dir, GrpcDataSetRepository.connect(address, token))
    }
  }

  private def launch(spec: Spec, gatewayPort: Int, secret: String): Launched = {
    val token = newSecret()
    val dir = Files.createTempDirectory("smv-python-repo-")
    val builder = new ProcessBuilder(spec.command(dir).asJava)
    builder.environment().putAll(Map(
      "PYSPARK_GATEWAY_PORT" -> gatewayPort.toString,
      "PYSPARK_GATEWAY_SECRET" -> secret,
      "SMV_REPOSITORY_TOKEN" -> token).asJava)
    // stdin stays a pipe from this JVM (never written): its end of file tells the child this JVM is gone
    val process = try builder.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile).start()
    catch {
      case e: java.io.IOException =>
        deleteTree(dir)
        throw new SmvException(s"cannot start the Python repository with '${spec.python}' (set --python or " +
          s"PYSPARK_PYTHON to a Python with smv installed): ${e.getMessage}", e)
    }
    new Launched(spec, process, dir, token)
  }

  private def stop(process: Process, dir: Path): Unit = {
    process.destroy()
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
    deleteTree(dir)
  }

  private def deleteTree(dir: Path): Unit =
    if (Files.exists(dir)) Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p => Files.deleteIfExists(p))

  private def tail(log: Path): String =
    if (!Files.exists(log)) "(no output)"
    else new String(Files.readAllBytes(log), UTF_8).split("\n").takeRight(20).mkString("\n")

  private def newSecret(): String = {
    val bytes = new Array[Byte](32)
    new SecureRandom().nextBytes(bytes)
    Base64.getUrlEncoder.withoutPadding.encodeToString(bytes)
  }
}
