package smv.helpers

/** Bad arguments to a helper fail with the one sentence given (Scala's `require` would prefix
  * "requirement failed: "); Python shows it as pyspark's IllegalArgumentException.
  */
private[smv] object ArgumentCheck {
  def check(ok: Boolean, message: => String): Unit = if (!ok) throw new IllegalArgumentException(message)
}
