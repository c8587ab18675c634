package smv
package grpc

import java.net.InetSocketAddress
import java.nio.file.{Files, Paths}

import io.grpc.{Grpc, InsecureChannelCredentials, ManagedChannel, ManagedChannelBuilder, Server, ServerServiceDefinition}
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder
import io.grpc.netty.shaded.io.netty.channel.epoll.{Epoll, EpollEventLoopGroup, EpollServerDomainSocketChannel}
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory

/** Where a repository server listens: `unix:/path` (also `unix:///path`), or
  * `host:port` over TCP (loopback unless TLS is added; port 0 picks a free port).
  */
sealed trait GrpcTarget { def uri: String }

object GrpcTarget {
  final case class Unix(path: String) extends GrpcTarget { def uri: String = s"unix://$path" }
  final case class Tcp(host: String, port: Int) extends GrpcTarget { def uri: String = s"$host:$port" }

  def parse(target: String): GrpcTarget = {
    require(target != null && target.trim.nonEmpty, "target must be 'unix:/path/to/socket' or 'host:port'")
    val t = target.trim
    if (t.startsWith("unix:")) {
      val path = t.stripPrefix("unix:").replaceFirst("^//", "")
      require(path.startsWith("/"), s"unix socket target '$target' needs an absolute path (unix:/path or unix:///path)")
      Unix(path)
    } else {
      val hostPort = t.stripPrefix("dns:///")
      val colon = hostPort.lastIndexOf(':')
      val port = if (colon > 0) hostPort.substring(colon + 1).toIntOption else None
      require(port.isDefined, s"target '$target' is neither 'unix:/path' nor 'host:port'")
      Tcp(hostPort.substring(0, colon).stripPrefix("[").stripSuffix("]"), port.get)
    }
  }
}

/** Channels and servers over Unix domain sockets (netty epoll, from grpc-netty-shaded) or TCP. */
object GrpcTransport {

  /** A channel to `target`: plaintext, or TLS with `tls` (the server's CA, a client certificate for mutual TLS). */
  def channel(target: String, tls: Option[ClientTls] = None): ManagedChannel = {
    val credentials = tls.map(_.credentials).getOrElse(InsecureChannelCredentials.create())
    GrpcTarget.parse(target) match {
      case GrpcTarget.Unix(path) =>
        requireEpoll(target)
        // "unix:" targets go through grpc-java's UdsNameResolverProvider and UdsNettyChannelProvider,
        // found via META-INF/services (kept by the assembly's merge strategy).
        build(Grpc.newChannelBuilder(s"unix://$path", credentials))
      case GrpcTarget.Tcp(host, port) =>
        build(Grpc.newChannelBuilder(s"dns:///$host:$port", credentials))
    }
  }

  private def build(builder: ManagedChannelBuilder[_]): ManagedChannel = {
    builder.maxInboundMetadataSize(MaxMetadataBytes) // mutates the builder
    builder.maxInboundMessageSize(MaxMessageBytes)
    builder.build()
  }

  /** Largest message either side accepts (gRPC's default is 4 MiB), as smv.transport.proto.MAX_MESSAGE_BYTES:
    * a BatchGetMetadata answer with a 10,000-dataset closure is ~1.6 MB without DQM. */
  val MaxMessageBytes: Int = 64 << 20

  /** Error details (a long Python traceback) travel in trailers; accept up to 1 MiB of them. */
  val MaxMetadataBytes: Int = 1 << 20

  /** A started server for `services` on `target`; returns it with the target it really listens on.
    * Beyond loopback it needs `tls` or `insecure` (see TlsConfig).
    */
  def startServer(target: String, services: Seq[ServerServiceDefinition],
      interceptors: Seq[io.grpc.ServerInterceptor], tls: Option[ServerTls] = None,
      insecure: Boolean = false): (Server, String, () => Unit) = {
    val parsed = GrpcTarget.parse(target)
    TlsConfig.checkListen(parsed, tls, insecure)
    val (builder, cleanup) = parsed match {
      case GrpcTarget.Unix(path) =>
        requireEpoll(target)
        val p = Paths.get(path)
        if (Files.exists(p)) throw new SmvException(s"cannot listen on $target: $path already exists")
        val group = new EpollEventLoopGroup(2, new DefaultThreadFactory("smv-grpc-server", true))
        val b = NettyServerBuilder.forAddress(new DomainSocketAddress(path))
          .channelType(classOf[EpollServerDomainSocketChannel])
          .bossEventLoopGroup(group).workerEventLoopGroup(group)
        (b, () => { group.shutdownGracefully(); Files.deleteIfExists(p); () })
      case GrpcTarget.Tcp(host, port) =>
        val address = new InetSocketAddress(host, port)
        (tls.fold(NettyServerBuilder.forAddress(address))(t => NettyServerBuilder.forAddress(address, t.credentials)), () => ())
    }
    val plaintextBeyondLoopback = tls.isEmpty && !TlsConfig.isLocal(parsed)
    if (plaintextBeyondLoopback) builder.addTransportFilter(TlsConfig.insecureConnectionWarner(target))
    services.foreach(builder.addService)
    interceptors.foreach(builder.intercept)
    builder.maxInboundMessageSize(MaxMessageBytes)
    val server = builder.build().start()
    val actual = parsed match {
      case GrpcTarget.Tcp(host, _) => s"$host:${server.getPort}"
      case u: GrpcTarget.Unix => s"unix:${u.path}"
    }
    if (plaintextBeyondLoopback) TlsConfig.warnInsecure(actual)
    (server, actual, cleanup)
  }

  private def requireEpoll(target: String): Unit =
    if (!Epoll.isAvailable)
      throw new SmvException(s"Unix domain sockets ($target) need netty's epoll transport, which is unavailable here: " +
        s"${Epoll.unavailabilityCause()}; use a host:port target instead")
}
