package smv

import scala.util.DynamicVariable

/** SMV 2.x's run-configuration getters (`smv.config.<key>`, read without the prefix),
  * callable in `run`. Every dataset has them; `with SmvRunConfig`, which SMV apps mix in,
  * adds nothing more here, since every hash of hashes already covers the run configuration.
  */
trait SmvRunConfig {
  /** The value of `smv.config.<key>`, or null when it is not set. */
  def smvGetRunConfig(key: String): String = SmvRunConfig.value(key).orNull

  /** The value as an Int; an error naming the key when it is not set or not an integer. */
  def smvGetRunConfigAsInt(key: String): Int = {
    val v = SmvRunConfig.value(key).getOrElse(throw new SmvException(s"run configuration smv.config.$key is not set"))
    v.trim.toIntOption.getOrElse(throw new SmvException(s"run configuration smv.config.$key = '$v': expected an integer"))
  }

  /** SMV's truth values: "1" and "true" (any case, blanks around ignored) are true; unset is false. */
  def smvGetRunConfigAsBool(key: String): Boolean =
    SmvRunConfig.value(key).exists(v => SmvRunConfig.TrueValues(v.trim.toLowerCase))
}

object SmvRunConfig {
  private[smv] val TrueValues = Set("1", "true")
  private val current = new DynamicVariable[Option[Map[String, String]]](None)

  /** Runs `body` (a dataset's computation) with `runConfig` readable by the getters. */
  private[smv] def withRunConfig[T](runConfig: Map[String, String])(body: => T): T = current.withValue(Some(runConfig))(body)

  private def value(key: String): Option[String] = current.value
    .getOrElse(throw new SmvException(s"smvGetRunConfig($key) is only available while a dataset runs (in run)"))
    .get(key)
}
