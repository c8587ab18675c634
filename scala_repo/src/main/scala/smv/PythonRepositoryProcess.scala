package smv

import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.{Files, Path}
import java.security.SecureRandom
import java.util.Base64
import java.util.concurrent.TimeUnit

import scala.jdk.CollectionConverters._

import py4j.ClientServer

/** The Scala-driven deployment: a Python repository server process attached to this
  * driver JVM, so Python modules run in the driver's own Spark session and their
  * DataFrames still pass by handle.
  *
  * The JVM opens a py4j gateway (loopback, random port, secret) the way pyspark's own
  * launcher does, and starts `python -m smv.server_main --spark attach`, which connects
  * to it through PYSPARK_GATEWAY_PORT/SECRET (pyspark's own mechanism) and serves the
  * app's Python stages on a private Unix socket. `repository` is the gRPC client of it.
  */
final class PythonRepositoryProcess private (
    gateway: ClientServer, process: Process, dir: Path, val repository: GrpcDataSetRepository) extends AutoCloseable {

  /** Stops the Python process (SIGTERM, then SIGKILL) and the gateway. */
  override def close(): Unit = {
    try repository.close()
    finally {
      process.destroy()
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
      gateway.shutdown()
      Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p => Files.deleteIfExists(p))
    }
  }
}

object PythonRepositoryProcess {
  /** How long the Python process may take to import its stages and start serving. */
  val StartTimeoutMillis: Long = 120000L

  /** Starts the Python repository of the app in `appDir` (its `src/main/python`), attached to
    * this JVM's Spark session, with `python` (e.g. $PYSPARK_PYTHON) as the interpreter; its
    * inputs are read from `inputDir`, as the driver resolved it. */
  def start(appDir: String, python: String, inputDir: String): PythonRepositoryProcess = {
    val secret = newSecret()
    val token = newSecret()
    val gateway = new ClientServer.ClientServerBuilder().javaPort(0).authToken(secret).build()
    val dir = Files.createTempDirectory("smv-python-repo-")
    val addressFile = dir.resolve("address")
    val log = dir.resolve("server.log")
    val process = try {
      val builder = new ProcessBuilder(python, "-m", "smv.server_main", "--app-dir", appDir, "--spark", "attach",
        "--listen", s"unix:${dir.resolve("repository.sock")}", "--address-file", addressFile.toString,
        "--smv-props", s"smv.inputDir=$inputDir")
      builder.environment().putAll(Map(
        "PYSPARK_GATEWAY_PORT" -> gateway.getJavaServer.getListeningPort.toString,
        "PYSPARK_GATEWAY_SECRET" -> secret,
        "SMV_REPOSITORY_TOKEN" -> token).asJava)
      builder.redirectErrorStream(true).redirectOutput(log.toFile).start()
    } catch {
      case e: java.io.IOException =>
        gateway.shutdown()
        throw new SmvException(s"cannot start the Python repository with '$python' (set --python or " +
          s"PYSPARK_PYTHON to a Python with smv installed): ${e.getMessage}", e)
    }
    try {
      val address = awaitAddress(process, addressFile, log)
      new PythonRepositoryProcess(gateway, process, dir, GrpcDataSetRepository.connect(address, token))
    } catch {
      case e: Throwable =>
        process.destroyForcibly()
        gateway.shutdown()
        throw e
    }
  }

  private def awaitAddress(process: Process, addressFile: Path, log: Path): String = {
    val deadline = System.currentTimeMillis() + StartTimeoutMillis
    while (!Files.exists(addressFile)) {
      if (!process.isAlive)
        throw new SmvException(s"the Python repository exited (status ${process.exitValue()}) before serving:\n${tail(log)}")
      if (System.currentTimeMillis() > deadline)
        throw new SmvException(s"the Python repository did not start serving within ${StartTimeoutMillis / 1000} s:\n${tail(log)}")
      Thread.sleep(50)
    }
    new String(Files.readAllBytes(addressFile), UTF_8).trim
  }

  private def tail(log: Path): String =
    if (!Files.exists(log)) "(no output)"
    else Files.readAllLines(log, UTF_8).asScala.takeRight(20).mkString("\n")

  private def newSecret(): String = {
    val bytes = new Array[Byte](32)
    new SecureRandom().nextBytes(bytes)
    Base64.getUrlEncoder.withoutPadding.encodeToString(bytes)
  }
}
