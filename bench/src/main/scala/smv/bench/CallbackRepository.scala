package smv.bench

/** The seed's bridge, kept only for benchmarks: the per-call interface a Python object
  * implemented and the JVM called through py4j's callback server, one question at a time
  * (lists as CSV text, as the original did; the DQM policy as serialized proto bytes).
  */
trait CallbackRepository {
  def hasDataSet(urn: String): Boolean
  def isEphemeral(urn: String): Boolean
  def dependencies(urn: String): String
  def datasetHash(urn: String, includeSuperClass: Boolean): String
  def dqm(urn: String): Array[Byte]
  def outputModsForStage(stage: String): String
}
