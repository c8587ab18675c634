package smv.bench

import smv.repository.DataSetRepository

/** Latency of one metadata call from the JVM, per call, in both designs: p50, p99 and
  * mean in microseconds as "p50 p99 mean" (one py4j answer, not thousands of numbers).
  */
object CallLatency {
  def grpcDependencies(repo: DataSetRepository, urn: String, n: Int, warmup: Int): String =
    summary(n, warmup)(repo.dependencies(urn))

  def callbackDependencies(repo: CallbackRepository, urn: String, n: Int, warmup: Int): String =
    summary(n, warmup)(repo.dependencies(urn))

  private def summary(n: Int, warmup: Int)(call: => Any): String = {
    (0 until warmup).foreach(_ => call)
    val nanos = Array.tabulate(n) { _ =>
      val start = System.nanoTime()
      call
      System.nanoTime() - start
    }.sorted
    def at(q: Double) = nanos(math.min(n - 1, (q * n).toInt)) / 1e3
    s"${at(0.5)} ${at(0.99)} ${nanos.sum / 1e3 / n}"
  }
}
