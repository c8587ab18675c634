package smv

import smv.repository.v1.DataSetKind
import smv.repository.{RunResult, Urn}

/** A dependency on a dataset this repository does not define: SmvApp resolves it to
  * the owning repository. Never discovered as a dataset, never run here. Two references
  * to the same urn are equal, whichever form (value or object) wrote them.
  */
sealed abstract class SmvDataSetReference(override val urn: String) extends SmvDataSet {
  override def fqn: String = Urn.fqnOf(urn)
  final override def requiresDS: Seq[SmvDataSet] = Nil
  final override def isEphemeral: Boolean = true
  private[smv] final def kind: DataSetKind = DataSetKind.DATA_SET_KIND_UNSPECIFIED
  private[smv] final def compute(i: runParams, env: DataSetEnv): RunResult =
    throw new IllegalStateException(s"$urn is a reference; SmvApp resolves it to its owner and never runs it here")

  final override def equals(other: Any): Boolean = other match {
    case r: SmvDataSetReference => r.urn == urn
    case _ => false
  }
  final override def hashCode: Int = urn.hashCode
}

/** A link to the SmvOutput module `target` of another stage (`urn:smv:link:<fqn>`): as a
  * value, `SmvModuleLink(other.stage.M1)`, or as SMV 2.x wrote it, an object of the stage:
  * `object M1Link extends SmvModuleLink(other.stage.M1)`.
  */
class SmvModuleLink(val target: SmvOutput) extends SmvDataSetReference(Urn.link(target.fqn)) {
  def description: String = s"link to ${target.urn}"
}

object SmvModuleLink {
  def apply(target: SmvOutput): SmvModuleLink = new SmvModuleLink(target)
}

/** A dataset of another language (e.g. a Python module `stage.module.Class`) in the same
  * stage (`urn:smv:mod:<fqn>`).
  */
class SmvExtModule(val targetFqn: String) extends SmvDataSetReference(Urn.mod(targetFqn)) {
  def description: String = s"external dataset $targetFqn"
}

object SmvExtModule {
  def apply(targetFqn: String): SmvExtModule = new SmvExtModule(targetFqn)
}

/** A link to the SmvOutput `<fqn>` of another stage, in any language (`urn:smv:link:<fqn>`);
  * a value or an object (`object L extends SmvExtModuleLink("other.stage.M1")`).
  */
class SmvExtModuleLink(val targetFqn: String) extends SmvDataSetReference(Urn.link(targetFqn)) {
  def description: String = s"link to external output $targetFqn"
}

object SmvExtModuleLink {
  def apply(targetFqn: String): SmvExtModuleLink = new SmvExtModuleLink(targetFqn)
}
