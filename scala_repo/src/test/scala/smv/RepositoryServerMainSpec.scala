package smv

import java.nio.file.Files

import org.scalatest.funsuite.AnyFunSuite

/** Argument handling of `smv.RepositoryServerMain` (the process itself is run by
  * tests/contract/test_suite_passes.py: the conformance suite against the JVM server). */
class RepositoryServerMainSpec extends AnyFunSuite {
  private def refused(args: String*)(env: Map[String, String] = Map.empty): String =
    intercept[IllegalArgumentException](RepositoryServerMain.parse(args.toList, env)).getMessage

  test("options: stages, token from a file or $SMV_REPOSITORY_TOKEN, loopback TCP by default") {
    val tokenFile = Files.createTempFile("smv-token", "")
    Files.write(tokenFile, "s3cret\n".getBytes("UTF-8"))
    val o = RepositoryServerMain.parse(List("--stages", "a.b, c.d", "--token-file", tokenFile.toString, "--listen",
      "unix:/tmp/x.sock", "--input-dir", "/data/in", "--address-file", "/tmp/addr"))
    assert(o == RepositoryServerMain.Options(Seq("a.b", "c.d"), "/data/in", "unix:/tmp/x.sock", "s3cret", Some("/tmp/addr")))
    val fromEnv = RepositoryServerMain.parse(List("--stages", "a.b"), Map("SMV_REPOSITORY_TOKEN" -> "t"))
    assert(fromEnv.token == "t" && fromEnv.listen == "127.0.0.1:0" && fromEnv.addressFile.isEmpty)
    Files.delete(tokenFile)
  }

  test("bad arguments name what is wrong") {
    val env = Map("SMV_REPOSITORY_TOKEN" -> "t")
    assert(refused("--listen", "unix:/tmp/x.sock")(env).contains("--stages is required"))
    assert(refused("--stages", "a.b")().contains("no bearer token"))
    assert(refused("--stages", "a.b", "--token-file", "/no/such/token")().contains("token file /no/such/token does not exist"))
    assert(refused("--stages", "a.b", "--listen", "10.1.2.3:5000")(env).contains("is not local"))
    assert(refused("--stages", "a.b", "--listen", "nonsense")(env).contains("neither 'unix:/path' nor 'host:port'"))
    assert(refused("--stages", "a.b", "--bogus", "x")(env).contains("unknown argument '--bogus'"))
    assert(refused("--stages")(env).contains("--stages needs a value"))
  }

  test("TLS flags as the Python server's: beyond loopback only with TLS or --insecure; half a TLS setup is named") {
    val env = Map("SMV_REPOSITORY_TOKEN" -> "t")
    val insecure = RepositoryServerMain.parse(List("--stages", "a.b", "--listen", "10.1.2.3:5000", "--insecure"), env)
    assert(insecure.insecure && insecure.tls.isEmpty && insecure.listen == "10.1.2.3:5000")
    assert(refused("--stages", "a.b", "--tls-cert", "/x.pem")(env) == "TLS needs both --tls-cert and --tls-key")
    assert(refused("--stages", "a.b", "--tls-client-ca", "/ca.pem")(env).contains("--tls-client-ca needs --tls-cert and --tls-key"))
    assert(refused("--stages", "a.b", "--tls-cert", "/no/cert.pem", "--tls-key", "/no/key.pem")(env) ==
      "cannot read the server certificate /no/cert.pem")
  }
}
