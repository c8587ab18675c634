package smv
package grpc

import java.nio.file.Files

import scala.concurrent.duration._

import org.apache.spark.sql.DataFrame
import org.scalatest.funsuite.AnyFunSuite
import smv.repository.v1.{DataSetKind, DataSetMetadata, DqmPolicy, Language}
import smv.repository.{DataSetRepository, RunContext, RunResult, Urn}
import smv.resolve.Resolver

/** 10,000 datasets over gRPC: the listing and a whole dependency closure arrive complete
  * (metadata only: no Spark). Each has a long description so the closure (~7 MB) is well
  * past gRPC's default 4 MiB message limit; the chain is 10,000 deep.
  */
class ScaleSpec extends AnyFunSuite {
  private val n = 10000
  private val stage = "scale.chain"
  private def urn(i: Int) = Urn.mod(f"$stage.M$i%05d")

  /** A chain: M00001 depends on nothing, M<k> on M<k-1>. */
  private object Chain extends DataSetRepository {
    private val byUrn = (1 to n).map { i =>
      urn(i) -> DataSetMetadata(urn = urn(i), kind = DataSetKind.DATA_SET_KIND_MODULE, language = Language.LANGUAGE_SCALA,
        stage = stage, dependencyUrns = if (i == 1) Nil else Seq(urn(i - 1)), hash = f"$i%016x",
        hashWithSuperClass = f"$i%016x", isOutput = true, description = s"module $i " + "x" * 600)
    }.toMap
    def name: String = "chain of 10,000"
    def stages: Seq[String] = Seq(stage)
    def hasDataSet(u: String): Boolean = byUrn.contains(u)
    private def own(u: String) = byUrn.getOrElse(u, throw new DataSetNotFoundException(u, name))
    def metadata(urns: Seq[String], closure: Boolean): Seq[DataSetMetadata] = {
      val out = scala.collection.mutable.LinkedHashMap[String, DataSetMetadata]()
      var todo = urns.toList
      while (todo.nonEmpty) {
        val m = own(todo.head)
        todo = todo.tail
        if (!out.contains(m.urn)) { out(m.urn) = m; if (closure) todo = m.dependencyUrns.toList ++ todo }
      }
      out.values.toSeq
    }
    def isEphemeral(u: String): Boolean = own(u).isEphemeral
    def dependencies(u: String): Seq[String] = own(u).dependencyUrns
    def datasetHash(u: String, sup: Boolean): String = own(u).hash
    def dqm(u: String): DqmPolicy = DqmPolicy()
    def outputModulesForStage(s: String): Seq[String] = listDataSets(Some(s))
    def listDataSets(s: Option[String]): Seq[String] = byUrn.keys.toSeq.sorted
    def getDataFrame(u: String, deps: Map[String, DataFrame], run: RunContext): RunResult = throw new UnsupportedOperationException
    def rerun(u: String, deps: Map[String, DataFrame], run: RunContext): RunResult = throw new UnsupportedOperationException
  }

  test("10,000 datasets: the listing, the whole closure and the resolved graph arrive complete over gRPC") {
    val socket = Files.createTempDirectory("smv-scale").resolve("repo.sock")
    val token = BearerToken.generate()
    val server = RepositoryServer.start(Chain, s"unix:$socket", token, Language.LANGUAGE_SCALA, None)
    try {
      val client = GrpcDataSetRepository.connect(server.target, token, GrpcSettings(metadataDeadline = 60.seconds))
      try {
        assert(client.listDataSets(None).size == n)
        val closure = client.metadata(Seq(urn(n)), includeDependencyClosure = true)
        assert(closure.map(_.urn) == (n to 1 by -1).map(urn))
        assert(closure.map(_.serializedSize).sum > 4 * 1024 * 1024) // past gRPC's default limit
        val graph = new Resolver(Seq(client)).resolve(Seq(urn(n))) // 10,000 deep: no stack overflow
        assert(graph.nodes.map(_.urn) == (1 to n).map(urn))
        assert(graph.nodes.map(_.hashOfHashes).distinct.size == n)
      } finally client.close()
    } finally server.close()
  }
}
