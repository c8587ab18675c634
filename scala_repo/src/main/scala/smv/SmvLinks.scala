package smv

import smv.repository.v1.DataSetKind

/** A dependency on a dataset this repository does not define: SmvApp resolves it to
  * the owning repository. Never discovered as a dataset, never run here.
  */
sealed abstract class SmvDataSetReference(override val urn: String) extends SmvDataSet {
  override def fqn: String = Urn.fqnOf(urn)
  final override def requiresDS: Seq[SmvDataSet] = Nil
  final override def isEphemeral: Boolean = true
  private[smv] final def kind: DataSetKind = DataSetKind.DATA_SET_KIND_UNSPECIFIED
  private[smv] final def compute(i: runParams, env: DataSetEnv): RunResult =
    throw new IllegalStateException(s"$urn is a reference; SmvApp resolves it to its owner and never runs it here")
}

/** A link to the SmvOutput module `target` of another stage (`urn:smv:link:<fqn>`). */
final case class SmvModuleLink(target: SmvOutput) extends SmvDataSetReference(Urn.link(target.fqn)) {
  def description: String = s"link to ${target.urn}"
}

/** A dataset of another language (e.g. a Python module `stage.module.Class`) in the same
  * stage (`urn:smv:mod:<fqn>`).
  */
final case class SmvExtModule(targetFqn: String) extends SmvDataSetReference(Urn.mod(targetFqn)) {
  def description: String = s"external dataset $targetFqn"
}

/** A link to the SmvOutput `<fqn>` of another stage, in any language (`urn:smv:link:<fqn>`). */
final case class SmvExtModuleLink(targetFqn: String) extends SmvDataSetReference(Urn.link(targetFqn)) {
  def description: String = s"link to external output $targetFqn"
}
