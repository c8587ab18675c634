package smv

import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.{Files, Paths, StandardCopyOption}
import java.util.concurrent.CountDownLatch

import scala.util.control.NonFatal

import smv.repository.v1.Language
import smv.driver.SmvConfig
import smv.grpc.{GrpcTarget, RepositoryServer, ServerTls, TlsConfig}
import smv.repository.ScalaDataSetRepository

/** The Scala repository as its own process, metadata only (no SparkSession is started):
  * {{{
  * java -cp smv-assembly.jar:app.jar:<pyspark>/jars/'*' smv.RepositoryServerMain \
  *   --stages s1,s2 [--input-dir DIR] [--listen unix:/path | 127.0.0.1:PORT] \
  *   [--token-file FILE] [--address-file FILE] \
  *   [--tls-cert PEM --tls-key PEM [--tls-client-ca PEM]] [--insecure]
  * }}}
  * Serves ScalaDataSetRepository (datasets found on the class path) with the bearer token
  * from `--token-file` or `$SMV_REPOSITORY_TOKEN`, plus health and reflection. When serving
  * it prints `SMV_REPOSITORY_ADDRESS=<address>` (and writes it to `--address-file`); it
  * stops on SIGTERM. GetDataFrame/Rerun answer FAILED_PRECONDITION (SPARK_REQUIRED).
  * As the Python server: a --listen host beyond loopback needs TLS (--tls-cert/--tls-key, a PKCS#8
  * key; --tls-client-ca, or its alias --tls-ca, for mutual TLS) or --insecure (warned about).
  * Exit code 2 for bad arguments, 1 when it cannot listen.
  */
object RepositoryServerMain {
  val TokenEnv = "SMV_REPOSITORY_TOKEN"
  val AddressLinePrefix = "SMV_REPOSITORY_ADDRESS="

  final case class Options(stages: Seq[String], inputDir: String, listen: String, token: String,
      addressFile: Option[String], tls: Option[ServerTls] = None, insecure: Boolean = false)

  def main(args: Array[String]): Unit = {
    val options = try parse(args.toList) catch {
      case e: IllegalArgumentException =>
        System.err.println(s"smv.RepositoryServerMain: ${e.getMessage}")
        System.err.println(Usage)
        sys.exit(2)
    }
    val repository = new ScalaDataSetRepository(options.stages, options.inputDir)
    val server = try RepositoryServer.start(repository, options.listen, options.token, Language.LANGUAGE_SCALA, None,
      options.tls, options.insecure)
    catch {
      case NonFatal(e) =>
        System.err.println(s"smv.RepositoryServerMain: cannot serve on ${options.listen}: ${e.getMessage}")
        sys.exit(1)
    }
    val stopped = new CountDownLatch(1)
    sys.addShutdownHook { server.close(); stopped.countDown() }
    options.addressFile.foreach { file =>
      val target = Paths.get(file)
      val partial = target.resolveSibling(target.getFileName.toString + ".partial")
      Files.write(partial, (server.target + "\n").getBytes(UTF_8))
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
    }
    println(AddressLinePrefix + server.target)
    System.out.flush()
    stopped.await()
  }

  val Usage: String = "usage: smv.RepositoryServerMain --stages s1,s2 [--input-dir DIR] " +
    "[--listen unix:/path|127.0.0.1:PORT] [--token-file FILE] [--address-file FILE] " +
    "[--tls-cert PEM --tls-key PEM [--tls-client-ca PEM]] [--insecure]"

  /** The options of `args`; IllegalArgumentException names what is wrong. */
  def parse(args: List[String], env: Map[String, String] = sys.env): Options = {
    def values(rest: List[String], acc: Map[String, String]): Map[String, String] = rest match {
      case Nil => acc
      case flag :: tail if Flags(flag) => values(tail, acc + (flag -> "true"))
      case flag :: value :: tail if Known(flag) && !value.startsWith("--") => values(tail, acc + (flag -> value))
      case flag :: _ if Known(flag) => throw new IllegalArgumentException(s"$flag needs a value")
      case other :: _ => throw new IllegalArgumentException(s"unknown argument '$other'")
    }
    val given = values(args, Map.empty)
    val stages = given.get("--stages").toSeq.flatMap(_.split(",")).map(_.trim).filter(_.nonEmpty)
    if (stages.isEmpty) throw new IllegalArgumentException("--stages is required (comma-separated stage packages)")
    val token = given.get("--token-file") match {
      case Some(file) =>
        val path = Paths.get(file)
        if (!Files.isRegularFile(path)) throw new IllegalArgumentException(s"token file $file does not exist")
        new String(Files.readAllBytes(path), UTF_8).trim
      case None => env.getOrElse(TokenEnv, "").trim
    }
    if (token.isEmpty) throw new IllegalArgumentException(
      s"no bearer token: give a non-empty --token-file or set $$$TokenEnv")
    val listen = given.getOrElse("--listen", "127.0.0.1:0")
    val tls = serverTls(given.get("--tls-cert"), given.get("--tls-key"), given.get("--tls-client-ca").orElse(given.get("--tls-ca")))
    val insecure = given.contains("--insecure")
    try TlsConfig.checkListen(GrpcTarget.parse(listen), tls, insecure)
    catch { case e: SmvException => throw new IllegalArgumentException(s"--listen $listen: ${e.getMessage}") }
    Options(stages, given.getOrElse("--input-dir", SmvConfig.DefaultInputDir), listen, token, given.get("--address-file"),
      tls, insecure)
  }

  /** The server's TLS from the flags (none without --tls-cert/--tls-key); files are read now, so a
    * wrong path is one clear line at start. */
  private def serverTls(cert: Option[String], key: Option[String], clientCa: Option[String]): Option[ServerTls] =
    (cert, key) match {
      case (None, None) =>
        if (clientCa.isDefined) throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key (the server's own certificate)")
        None
      case (Some(c), Some(k)) =>
        val tls = ServerTls(c, k, clientCa)
        try tls.credentials catch { case e: SmvException => throw new IllegalArgumentException(e.getMessage) }
        Some(tls)
      case _ => throw new IllegalArgumentException("TLS needs both --tls-cert and --tls-key")
    }

  private val Flags = Set("--insecure")
  private val Known = Set("--stages", "--input-dir", "--listen", "--token-file", "--address-file", "--tls-cert", "--tls-key",
    "--tls-client-ca", "--tls-ca")
}
