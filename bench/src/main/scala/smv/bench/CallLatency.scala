package smv.bench

import java.lang.management.ManagementFactory

import scala.jdk.CollectionConverters._

import smv.repository.DataSetRepository

/** Latency of one metadata call from the JVM, per call, in both designs. Answers one line
  * (one py4j answer, not thousands of numbers): "p50 p90 p99 mean gcCount gcMillis", times in
  * microseconds, and the JVM's garbage collections during the measured calls (a GC pause
  * shows up as one slow call: the count says how much of the tail is the JVM's own).
  */
object CallLatency {
  def grpcDependencies(repo: DataSetRepository, urn: String, n: Int, warmup: Int): String =
    summary(n, warmup)(repo.dependencies(urn))

  def callbackDependencies(repo: CallbackRepository, urn: String, n: Int, warmup: Int): String =
    summary(n, warmup)(repo.dependencies(urn))

  private def summary(n: Int, warmup: Int)(call: => Any): String = {
    (0 until warmup).foreach(_ => call)
    val (gcCount, gcMillis) = collections()
    val nanos = Array.tabulate(n) { _ =>
      val start = System.nanoTime()
      call
      System.nanoTime() - start
    }.sorted
    val (gcCountAfter, gcMillisAfter) = collections()
    def at(q: Double) = nanos(math.min(n - 1, (q * n).toInt)) / 1e3
    s"${at(0.5)} ${at(0.9)} ${at(0.99)} ${nanos.sum / 1e3 / n} ${gcCountAfter - gcCount} ${gcMillisAfter - gcMillis}"
  }

  private def collections(): (Long, Long) = {
    val beans = ManagementFactory.getGarbageCollectorMXBeans.asScala
    (beans.map(_.getCollectionCount.max(0L)).sum, beans.map(_.getCollectionTime.max(0L)).sum)
  }
}
