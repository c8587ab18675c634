package smv

import java.io.File
import java.util.zip.ZipFile

import scala.jdk.CollectionConverters._
import scala.sys.process._
import scala.util.Using

import org.scalatest.funsuite.AnyFunSuite

/** The assembled jar (`bin/sbt test` builds it first; `-Dsmv.assembly.jar` names it). */
class AssemblyJarSpec extends AnyFunSuite {
  private lazy val jar: File = {
    val f = new File(sys.props.getOrElse("smv.assembly.jar", "target/scala-2.13/smv-assembly.jar"))
    assert(f.isFile, s"$f is missing: build it with 'bin/sbt assembly' (bin/sbt test does)")
    f
  }

  private def entries: Set[String] = Using.resource(new ZipFile(jar))(_.entries().asScala.map(_.getName).toSet)

  private def text(name: String): String =
    Using.resource(new ZipFile(jar))(z => new String(z.getInputStream(z.getEntry(name)).readAllBytes(), "UTF-8"))

  test("every class named in META-INF/services exists in the jar, and gRPC's providers are registered") {
    val names = entries
    val services = names.filter(n => n.startsWith("META-INF/services/") && !n.endsWith("/")).toSeq.sorted
    assert(services.nonEmpty)
    val named = services.map { s =>
      s -> text(s).linesIterator.map(_.trim).filter(l => l.nonEmpty && !l.startsWith("#")).toSeq
    }
    for ((service, classes) <- named; c <- classes)
      assert(names.contains(c.replace('.', '/') + ".class"), s"$service names $c, which is not in ${jar.getName}")
    val all = named.toMap
    assert(all("META-INF/services/io.grpc.ManagedChannelProvider").contains("io.grpc.netty.shaded.io.grpc.netty.UdsNettyChannelProvider"))
    assert(all("META-INF/services/io.grpc.NameResolverProvider").toSet ==
      Set("io.grpc.internal.DnsNameResolverProvider", "io.grpc.netty.shaded.io.grpc.netty.UdsNameResolverProvider"))
    assert(all("META-INF/services/io.grpc.ServerProvider") == Seq("io.grpc.netty.shaded.io.grpc.netty.NettyServerProvider"))
    assert(all("META-INF/services/io.grpc.LoadBalancerProvider").contains("io.grpc.internal.PickFirstLoadBalancerProvider"))
  }

  test("com.google is shaded, Spark and the Scala library are left out, the epoll library and build properties are in") {
    val names = entries
    assert(!names.exists(_.startsWith("com/google/")), "unshaded com.google classes would clash with pyspark's")
    assert(names.contains("smv/shaded/google/protobuf/Message.class") && names.contains("smv/shaded/google/rpc/ErrorInfo.class"))
    // org.apache.spark.sql.smvbridge is ours (it reaches a private[sql] conversion), not Spark's
    val spark = names.filter(n => n.startsWith("org/apache/spark/") && !n.endsWith("/") &&
      !n.startsWith("org/apache/spark/sql/smvbridge/"))
    assert(spark.isEmpty && !names.contains("scala/Predef.class"), spark.take(5))
    assert(names.contains("org/apache/spark/sql/smvbridge/ColumnExpression.class"))
    assert(names.contains("META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_x86_64.so"))
    assert(names.contains("smv/driver/SmvApp.class") && names.contains("smv/repository/v1/SmvDataSetRepositoryGrpc.class"))
    val props = text("smv-build.properties")
    assert(props.contains("sparkVersion=4.1.3") && props.contains("scalaVersion=2.13"))
  }

  test("in a fresh JVM beside Spark's own (unshaded) protobuf, the jar serves and calls gRPC over a Unix socket") {
    val unbundled = Seq("/io/grpc/", "/com/google/", "/com/thesamet/", "/io/perfmark/", "/scalatest", "/scalactic",
      "/org/scala-lang/modules/scala-collection-compat", "test-agent")
    val spark = sys.props("java.class.path").split(File.pathSeparator).toSeq
      .filter(p => p.endsWith(".jar") && (!unbundled.exists(p.contains) || p.contains("protobuf-java-4.")))
    // Spark brings protobuf-java 4.x unshaded (as pyspark does): ours must not collide with it.
    assert(spark.exists(_.contains("spark-sql")) && spark.exists(_.contains("protobuf-java-4.")))
    val java = sys.props("java.home") + "/bin/java"
    val out = new StringBuilder
    val code = Seq(java, "-cp", (jar.getPath +: spark).mkString(File.pathSeparator), "smv.SelfCheck")
      .!(ProcessLogger(l => out.append(l).append('\n'), l => out.append(l).append('\n')))
    assert(code == 0, out.toString)
    assert(out.toString.contains("OK unix socket unix:/") && out.toString.contains("error details mapped: true"), out.toString)
  }
}
