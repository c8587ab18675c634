package smv.testapp

import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/** How often each test module's `run` was called, and knobs tests turn between runs. */
object Counters {
  private val runs = new ConcurrentHashMap[String, AtomicInteger]()
  def hit(name: String): Unit = runs.computeIfAbsent(name, _ => new AtomicInteger()).incrementAndGet()
  def count(name: String): Int = Option(runs.get(name)).map(_.get).getOrElse(0)
  def reset(): Unit = runs.clear()

  /** Versions tests bump to simulate a code change of one module (mixed into its hash). */
  val versions = new ConcurrentHashMap[String, String]()
  def version(name: String): Option[String] = Option(versions.get(name))
}
