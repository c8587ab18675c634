package smv.bench

import scala.collection.mutable

import smv.repository.DataSetRepository
import smv.resolve.Resolver

/** What SmvApp asks about a whole run (`runApp` of one stage), in both designs, timed on
  * the JVM (Python only starts the loops). Each returns the median and the fastest of
  * `runs` runs in nanoseconds as "median min" (the fastest is the least disturbed by
  * other work on a shared machine). `fresh` runs, untimed, before every run: it rediscovers
  * the Python repository, so each run is a run's first metadata on a just-discovered
  * catalog (what a fresh `smv-run` asks), never one answered from an earlier run's work.
  */
object RunMetadataLoop {
  /** The product's way: one Resolver per run over the gRPC repository (ListDataSets,
    * GetOutputModulesForStage, one BatchGetMetadata with the whole closure). Returns
    * nanoseconds; `datasets` is checked against what was resolved. */
  def grpcRun(repo: DataSetRepository, stage: String, datasets: Int, runs: Int, fresh: Runnable): String =
    time(runs, fresh) {
      val graph = new Resolver(Seq(repo)).resolve(repo.outputModulesForStage(stage))
      require(graph.nodes.size == datasets, s"resolved ${graph.nodes.size} datasets, expected $datasets")
    }

  /** The seed's way: the stage's outputs, then for every dataset reached each question of the
    * original interface once (whether the repository owns it, ephemeral, dependencies, hash
    * with superclasses, DQM), one py4j callback each. */
  def callbackRun(repo: CallbackRepository, stage: String, datasets: Int, runs: Int, fresh: Runnable): String =
    time(runs, fresh) {
      val seen = mutable.HashSet[String]()
      val todo = mutable.Stack[String]()
      repo.outputModsForStage(stage).split(",").filter(_.nonEmpty).foreach(todo.push)
      while (todo.nonEmpty) {
        val urn = todo.pop()
        if (seen.add(urn)) {
          require(repo.hasDataSet(urn), s"$urn not owned")
          repo.isEphemeral(urn)
          repo.datasetHash(urn, true)
          repo.dqm(urn)
          repo.dependencies(urn).split(",").filter(_.nonEmpty).foreach(todo.push)
        }
      }
      require(seen.size == datasets, s"reached ${seen.size} datasets, expected $datasets")
    }

  private def time(runs: Int, fresh: Runnable)(run: => Unit): String = {
    fresh.run()
    run // warm-up (connections, JIT)
    val nanos = Array.tabulate(runs) { _ =>
      fresh.run()
      val start = System.nanoTime()
      run
      System.nanoTime() - start
    }.sorted
    s"${nanos(runs / 2)} ${nanos(0)}"
  }
}
