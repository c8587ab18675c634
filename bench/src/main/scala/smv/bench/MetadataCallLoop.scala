package smv.bench

import java.util.function.{Function => JFunction}

import scala.jdk.CollectionConverters._

import smv.DataSetRepository

/** JVM-side loops for bench/metadata_calls.py: the JVM is the caller in both designs, so the
  * loops live here and Python only starts them (one py4j call per measurement).
  * Every method returns the elapsed nanoseconds of its `n` timed iterations.
  */
object MetadataCallLoop {
  private def timed(n: Int, warmup: Int)(call: => Any): Long = {
    (0 until warmup).foreach(_ => call)
    val start = System.nanoTime()
    (0 until n).foreach(_ => call)
    System.nanoTime() - start
  }

  /** `dependencies(urn)` over gRPC: one RPC per call. */
  def grpcDependencies(repo: DataSetRepository, urn: String, n: Int, warmup: Int): Long =
    timed(n, warmup)(repo.dependencies(urn))

  /** The old design: the JVM calls a Python object through py4j's callback server. */
  def callbackDependencies(callback: JFunction[String, String], urn: String, n: Int, warmup: Int): Long =
    timed(n, warmup)(callback.apply(urn))

  /** All the metadata a run needs for `urns`, over gRPC: one BatchGetMetadata with the closure. */
  def grpcBatchMetadata(repo: DataSetRepository, urns: java.util.List[String], n: Int, warmup: Int): Long =
    timed(n, warmup)(repo.metadata(urns.asScala.toSeq, includeDependencyClosure = true))

  /** The same through callbacks: the old interface needs one callback per question per dataset;
    * the callback gets "question urn". */
  def callbackPerDataset(callback: JFunction[String, String], urns: java.util.List[String],
      questions: java.util.List[String], n: Int, warmup: Int): Long = {
    val asks = for (u <- urns.asScala.toSeq; q <- questions.asScala.toSeq) yield s"$q $u"
    timed(n, warmup)(asks.foreach(callback.apply))
  }
}
