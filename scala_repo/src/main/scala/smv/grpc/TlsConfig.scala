package smv
package grpc

import java.io.File
import java.net.SocketAddress

import io.grpc.{Attributes, ChannelCredentials, Grpc, ServerCredentials, ServerTransportFilter, TlsChannelCredentials, TlsServerCredentials}
import org.slf4j.LoggerFactory

/** What a client needs to reach a TLS repository server: the CA of the server's certificate
  * (PEM) and, for mutual TLS, its own certificate chain and PKCS#8 key (PEM).
  */
final case class ClientTls(caFile: String, certFile: Option[String] = None, keyFile: Option[String] = None) {
  require(certFile.isDefined == keyFile.isDefined, "a client certificate needs its private key and the other way round")

  def credentials: ChannelCredentials = {
    val b = TlsChannelCredentials.newBuilder().trustManager(TlsConfig.readable(caFile, "CA certificate"))
    for (c <- certFile; k <- keyFile)
      b.keyManager(TlsConfig.readable(c, "client certificate"), TlsConfig.readable(k, "client private key"))
    b.build()
  }
}

/** A server's certificate chain and PKCS#8 key (PEM); `clientCaFile` requires client
  * certificates signed by that CA (mutual TLS).
  */
final case class ServerTls(certFile: String, keyFile: String, clientCaFile: Option[String] = None) {
  def credentials: ServerCredentials = {
    val b = TlsServerCredentials.newBuilder()
      .keyManager(TlsConfig.readable(certFile, "server certificate"), TlsConfig.readable(keyFile, "server private key"))
    clientCaFile.foreach { ca =>
      b.trustManager(TlsConfig.readable(ca, "client CA certificate")).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
    }
    b.build()
  }
}

/** The rule for where a repository server may listen (the same as the Python server's):
  * a Unix socket or loopback (127.0.0.1, localhost, ::1) always; anything else only with
  * TLS, or with an explicit `insecure` that is logged at start and for every connection.
  */
object TlsConfig {
  val LoopbackHosts: Set[String] = Set("127.0.0.1", "localhost", "::1")
  private val log = LoggerFactory.getLogger("smv.grpc.TlsConfig")

  val PlaintextHint: String = "if the server uses TLS, connect with its CA certificate (--tls-ca, ClientTls); " +
    "a plaintext client cannot talk to a TLS server"

  def isLocal(target: GrpcTarget): Boolean = target match {
    case _: GrpcTarget.Unix => true
    case GrpcTarget.Tcp(host, _) => LoopbackHosts.contains(host)
  }

  /** Refuses, before anything is bound, a target this server may not listen on. */
  def checkListen(target: GrpcTarget, tls: Option[ServerTls], insecure: Boolean): Unit =
    if (!isLocal(target) && tls.isEmpty && !insecure)
      throw new SmvException(s"cannot listen on ${target.uri}: it is not local (a Unix socket or " +
        s"${LoopbackHosts.mkString(", ")}); a server reachable from other machines needs TLS (certificate and key, " +
        "optionally a client CA for mutual TLS), or 'insecure' to serve plaintext anyway (the token and data travel in clear)")

  def warnInsecure(target: String): Unit =
    log.warn(s"INSECURE: serving plaintext on $target, beyond loopback, without TLS: anyone on the network can read the token and the data")

  /** Warns once per connection of a plaintext server beyond loopback. */
  def insecureConnectionWarner(target: String): ServerTransportFilter = new ServerTransportFilter {
    override def transportReady(attrs: Attributes): Attributes = {
      val peer: SocketAddress = attrs.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
      log.warn(s"INSECURE: plaintext connection from $peer to $target (no TLS: the token and data travel in clear)")
      attrs
    }
  }

  private[smv] def readable(path: String, what: String): File = {
    val f = new File(path)
    if (!f.canRead) throw new SmvException(s"cannot read the $what $path")
    f
  }

  /** py4j: a ClientTls from file paths (null or empty: none). */
  def client(caFile: String, certFile: String, keyFile: String): ClientTls =
    ClientTls(caFile, Option(certFile).filter(_.nonEmpty), Option(keyFile).filter(_.nonEmpty))

  /** py4j: a ServerTls from file paths (clientCaFile null or empty: no client certificates). */
  def server(certFile: String, keyFile: String, clientCaFile: String): ServerTls =
    ServerTls(certFile, keyFile, Option(clientCaFile).filter(_.nonEmpty))
}
