package smv
package grpc

import java.nio.file.Files
import java.util.concurrent.TimeUnit

import scala.concurrent.duration._

import com.google.protobuf.{Any => PbAny}
import com.google.rpc.{Code, DebugInfo, ErrorInfo}
import io.grpc.Status
import io.grpc.health.v1.{HealthCheckRequest, HealthCheckResponse, HealthGrpc}
import io.grpc.protobuf.StatusProto
import org.apache.spark.sql.DataFrame
import org.scalatest.funsuite.AnyFunSuite
import smv.repository.v1.{DataSetMetadata, DqmPolicy, Language}
import smv.driver.DataFrameHandles
import smv.repository.{DataSetRepository, RunContext, ScalaDataSetRepository}

class GrpcDataSetRepositorySpec extends AnyFunSuite with AppFixture {
  private val chain = "smv.testapp.chain"
  private val token = BearerToken.generate()
  private def fast = GrpcSettings(metadataDeadline = 5.seconds, retryFor = 500.millis, initialBackoff = 20.millis)

  /** Serves `repo` on a fresh Unix socket for the duration of `f`. */
  def withServer[T](repo: DataSetRepository, serverToken: String = token, withSpark: Boolean = true)(
      f: String => T): T = {
    val socket = tempDir("sock").resolve("repo.sock")
    val server = RepositoryServer.start(repo, s"unix:$socket", serverToken, Language.LANGUAGE_SCALA,
      if (withSpark) Some(spark) else None)
    try f(server.target) finally server.close()
  }

  def withClient[T](target: String, clientToken: String = token, settings: GrpcSettings = fast)(
      f: GrpcDataSetRepository => T): T = {
    val client = GrpcDataSetRepository.connect(target, clientToken, settings)
    try f(client) finally client.close()
  }

  test("every contract call round-trips over a Unix socket and matches the served repository") {
    val local = new ScalaDataSetRepository(Seq(chain, "smv.testapp.s1"))
    withServer(local) { target =>
      assert(target.startsWith("unix:/"))
      withClient(target) { remote =>
        val c = mod(s"$chain.C")
        assert(remote.name.startsWith("smv-scala") && remote.name.endsWith(s"repository at $target"))
        assert(remote.stages == local.stages)
        assert(remote.listDataSets(None) == local.listDataSets(None))
        assert(remote.listDataSets(Some("smv.testapp.s1")) == local.listDataSets(Some("smv.testapp.s1")))
        assert(remote.metadata(Seq(c), includeDependencyClosure = true) == local.metadata(Seq(c), includeDependencyClosure = true))
        assert(remote.hasDataSet(c) && !remote.hasDataSet(mod(s"$chain.Nope")))
        assert(!remote.isEphemeral(c) && remote.isEphemeral(mod(s"$chain.Raw")))
        assert(remote.dependencies(c) == Seq(mod(s"$chain.B")))
        assert(remote.datasetHash(c, includeSuperClass = true) == local.datasetHash(c, includeSuperClass = true))
        assert(remote.dqm(mod(s"$chain.Raw")) == local.dqm(mod(s"$chain.Raw")))
        assert(remote.outputModulesForStage(chain) == local.outputModulesForStage(chain))
        assert(remote.serverInfo.capabilities.contains("run"))
      }
    }
  }

  test("getDataFrame passes DataFrames by handle; the run releases every handle") {
    withServer(new ScalaDataSetRepository(Seq(chain))) { target =>
      withClient(target) { remote =>
        val before = DataFrameHandles.size
        val ctx = RunContext("grpc-run-1", spark)
        val raw = remote.getDataFrame(mod(s"$chain.Raw"), Map.empty, ctx)
        val a = remote.getDataFrame(mod(s"$chain.A"), Map(mod(s"$chain.Raw") -> raw.df), ctx)
        assert(a.df.orderBy("id").collect().map(_.getInt(1)).toSeq == Seq(2, 4, 6))
        assert(DataFrameHandles.size == before + 3) // Raw's result, the Raw handle sent for A, A's result
        assert(DataFrameHandles.releaseRun("grpc-run-1") == 3 && DataFrameHandles.size == before)
      }
    }
  }

  test("SmvApp over a gRPC repository and a local one: a link across them, handles released") {
    val s1 = "smv.testapp.s1"
    val s2 = "smv.testapp.s2"
    withServer(new ScalaDataSetRepository(Seq(s1))) { target =>
      val remote = GrpcDataSetRepository.connect(target, token, fast)
      withAppOf(Seq(new ScalaDataSetRepository(Seq(s2)), remote), Seq(s1, s2)) { app =>
        val before = DataFrameHandles.size
        val df = app.runModule(mod(s"$s2.UsesLink"))
        assert(df.orderBy("n").collect().map(_.getInt(0)).toSeq == Seq(11, 21, 31))
        assert(DataFrameHandles.size == before)
        val g = app.dependencyGraph(Seq(mod(s"$s2.UsesLink")))
        assert(g(mod(s"$s1.Out")).owner eq remote)
      }
    }
  }

  test("a failing run over gRPC (DQM) still releases its handles, and DQM applies to remote results") {
    withServer(new ScalaDataSetRepository(Seq("smv.testapp.dqm"))) { target =>
      val remote = GrpcDataSetRepository.connect(target, token, fast)
      withAppOf(Seq(remote), Seq("smv.testapp.dqm")) { app =>
        val before = DataFrameHandles.size
        val e = intercept[SmvDqmValidationError](app.runModule(mod("smv.testapp.dqm.Strict")))
        assert(e.reportJson.contains("\"passed\":false"))
        assert(DataFrameHandles.size == before)
        assert(app.runModule(mod("smv.testapp.dqm.Lenient")).count() == 2)
        intercept[SmvDqmValidationError](app.runModule(mod("smv.testapp.dqm.BadData"))) // parser errors from the remote input
      }
    }
  }

  test("a wrong or missing token is UNAUTHENTICATED; health needs none") {
    withServer(new ScalaDataSetRepository(Seq(chain))) { target =>
      val wrong = intercept[RepositoryException](GrpcDataSetRepository.connect(target, "not-the-token", fast))
      assert(wrong.code == Status.Code.UNAUTHENTICATED && wrong.getMessage.contains("wrong bearer token"))
      val missing = intercept[RepositoryException](GrpcDataSetRepository.connect(target, "", fast))
      assert(missing.code == Status.Code.UNAUTHENTICATED && missing.getMessage.contains("missing bearer token"))
      val channel = GrpcTransport.channel(target)
      try {
        val health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        assert(health.check(HealthCheckRequest.newBuilder().build()).getStatus == HealthCheckResponse.ServingStatus.SERVING)
      } finally channel.shutdownNow()
    }
  }

  test("every call has a deadline: a stuck server gives DEADLINE_EXCEEDED in time") {
    val slow = new ViewRepository(new ScalaDataSetRepository(Seq(chain)), "slow", _ => true) {
      override def listDataSets(stage: Option[String]): Seq[String] = { Thread.sleep(3000); Nil }
    }
    withServer(slow) { target =>
      withClient(target, settings = fast.copy(metadataDeadline = 300.millis)) { remote =>
        val start = System.nanoTime()
        val e = intercept[RepositoryException](remote.listDataSets(None))
        assert(e.code == Status.Code.DEADLINE_EXCEEDED)
        assert((System.nanoTime() - start).nanos < 2.seconds)
      }
    }
  }

  test("idempotent calls retry UNAVAILABLE with backoff: a server starting late is reached; none at all fails") {
    val socket = tempDir("late").resolve("late.sock")
    val late = new java.util.concurrent.atomic.AtomicReference[RepositoryServer]()
    val starter = new Thread(() => {
      Thread.sleep(400)
      late.set(RepositoryServer.start(new ScalaDataSetRepository(Seq(chain)), s"unix:$socket", token, Language.LANGUAGE_SCALA, None))
    })
    starter.start()
    // The budget is a span of time far beyond a loaded machine's start-up, not a number of attempts.
    val settings = GrpcSettings(metadataDeadline = 30.seconds, retryFor = 300.seconds, initialBackoff = 100.millis,
      maxBackoff = 300.millis)
    try {
      val client = GrpcDataSetRepository.connect(s"unix:$socket", token, settings)
      try assert(client.listDataSets(None).nonEmpty) finally client.close()
    } finally {
      starter.join()
      Option(late.get).foreach(_.close())
    }

    val nowhere = tempDir("none").resolve("none.sock")
    val e = intercept[RepositoryException](GrpcDataSetRepository.connect(s"unix:$nowhere", token, fast))
    assert(e.code == Status.Code.UNAVAILABLE && e.rpc.matches("\\w+ \\(after \\d+ attempts in \\d+\\.\\ds\\)"), e.rpc)
  }

  test("errors keep the status, the reason, the remote exception type and its traceback") {
    withServer(new ScalaDataSetRepository(Seq(chain, "smv.testapp.failing"))) { target =>
      withClient(target) { remote =>
        val notFound = intercept[RepositoryException](remote.isEphemeral(mod(s"$chain.Nope")))
        assert(notFound.code == Status.Code.NOT_FOUND && notFound.reason.contains("DATASET_NOT_FOUND"))
        assert(notFound.remoteType.contains(classOf[DataSetNotFoundException].getName))
        assert(notFound.description.contains(mod(s"$chain.Nope")))
        val malformed = intercept[RepositoryException](remote.hasDataSet("chain.C"))
        assert(malformed.code == Status.Code.INVALID_ARGUMENT && malformed.reason.contains("MALFORMED_URN"))
        val boom = intercept[RepositoryException](
          remote.getDataFrame(mod("smv.testapp.failing.Boom"), Map.empty, RunContext("grpc-err", spark)))
        assert(boom.code == Status.Code.UNKNOWN && boom.reason.contains("USER_CODE_ERROR"))
        assert(boom.remoteType.contains("java.lang.IllegalStateException"))
        assert(boom.remoteTraceback.exists(t => t.contains("boom from user code") && t.contains("Failing.scala")))
        assert(boom.getMessage.contains("remote traceback:"))
        val handle = intercept[RepositoryException](remote.getDataFrame(mod(s"$chain.A"),
          Map(mod(s"$chain.Raw") -> spark.range(1).toDF()), RunContext("grpc-err", spark)))
        assert(handle.code == Status.Code.UNKNOWN, handle.getMessage) // Raw's frame lacks column v
        DataFrameHandles.releaseRun("grpc-err")
      }
    }
  }

  test("a Python-style error (ErrorInfo exception_type, DebugInfo traceback lines) maps to the exception") {
    val pyTraceback = Seq("Traceback (most recent call last):\n", "  File \"stage/mods.py\", line 7, in run\n",
      "    return 1 / 0\n", "ZeroDivisionError: division by zero\n")
    val python = new ViewRepository(new ScalaDataSetRepository(Seq(chain)), "python", _ => true) {
      override def dqm(urn: String): DqmPolicy = throw StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(Code.UNKNOWN.getNumber).setMessage("ZeroDivisionError: division by zero")
        .addDetails(PbAny.pack(ErrorInfo.newBuilder().setReason("USER_CODE_ERROR").setDomain("smv.repository.v1")
          .putMetadata("exception_type", "ZeroDivisionError").build()))
        .addDetails(PbAny.pack(DebugInfo.newBuilder().addAllStackEntries(java.util.Arrays.asList(pyTraceback: _*))
          .setDetail("ZeroDivisionError: division by zero").build()))
        .build())
    }
    withServer(python) { target =>
      withClient(target) { remote =>
        val e = intercept[RepositoryException](remote.dqm(mod(s"$chain.C")))
        assert(e.code == Status.Code.UNKNOWN && e.remoteType.contains("ZeroDivisionError"))
        assert(e.remoteTraceback.contains(pyTraceback.mkString))
        assert(e.getMessage.contains("line 7, in run"))
      }
    }
  }

  test("a long remote traceback (well over gRPC's default 8 KiB of trailers) still arrives whole") {
    val lines = (1 to 2000).map(i => s"  File \"deep.py\", line $i, in f$i\n")
    val python = new ViewRepository(new ScalaDataSetRepository(Seq(chain)), "python", _ => true) {
      override def isEphemeral(urn: String): Boolean = throw StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder().setCode(Code.UNKNOWN.getNumber).setMessage("RecursionError")
          .addDetails(PbAny.pack(DebugInfo.newBuilder().addAllStackEntries(java.util.Arrays.asList(lines: _*)).build()))
          .build())
    }
    withServer(python) { target =>
      withClient(target) { remote =>
        val e = intercept[RepositoryException](remote.isEphemeral(mod(s"$chain.C")))
        assert(e.code == Status.Code.UNKNOWN && e.remoteTraceback.contains(lines.mkString))
      }
    }
  }

  test("a metadata-only server refuses runs with FAILED_PRECONDITION; TCP on loopback works too") {
    withServer(new ScalaDataSetRepository(Seq(chain)), withSpark = false) { target =>
      withClient(target) { remote =>
        assert(!remote.serverInfo.capabilities.contains("run"))
        val e = intercept[RepositoryException](remote.getDataFrame(mod(s"$chain.Raw"), Map.empty, RunContext("md", spark)))
        assert(e.code == Status.Code.FAILED_PRECONDITION && e.description.contains("metadata only"))
      }
    }
    val server = RepositoryServer.start(new ScalaDataSetRepository(Seq(chain)), "127.0.0.1:0", token)
    try {
      assert(server.target.matches("127\\.0\\.0\\.1:\\d+") && !server.target.endsWith(":0"))
      withClient(server.target)(remote => assert(remote.listDataSets(Some(chain)).size == 7))
    } finally server.close()
  }

  test("targets: unix:/path, unix:///path and host:port; anything else is refused with the expected forms") {
    assert(GrpcTarget.parse("unix:/tmp/a.sock") == GrpcTarget.Unix("/tmp/a.sock"))
    assert(GrpcTarget.parse("unix:///tmp/a.sock") == GrpcTarget.Unix("/tmp/a.sock"))
    assert(GrpcTarget.parse("localhost:5000") == GrpcTarget.Tcp("localhost", 5000))
    val bad = intercept[IllegalArgumentException](GrpcTarget.parse("nowhere"))
    assert(bad.getMessage.contains("host:port"))
    intercept[IllegalArgumentException](GrpcTarget.parse("unix:relative.sock"))
  }
}
