package smv
package repository

/** Canonical dataset names on the wire: `urn:smv:mod:<fqn>` and `urn:smv:link:<fqn>`.
  *
  * Same grammar as the Python side (`smv/repository/urn.py`): an fqn is at least two dotted
  * identifiers (`stage.Module`, `stage.module.Class`).
  */
final case class Urn(kind: String, fqn: String) {
  def isLink: Boolean = kind == Urn.LinkKind
  /** The `mod` urn this one names (a link names its target module). */
  def toMod: Urn = Urn(Urn.ModKind, fqn)
  override def toString: String = s"urn:smv:$kind:$fqn"
}

object Urn {
  val ModKind = "mod"
  val LinkKind = "link"
  val ModPrefix = "urn:smv:mod:"
  val LinkPrefix = "urn:smv:link:"
  private val Fqn = """^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)+$""".r
  val ExpectedForm = "urn:smv:mod:<fqn> or urn:smv:link:<fqn> (fqn like 'stage.module.Class')"

  /** Parses a canonical urn; `MalformedUrnException` names the expected form. */
  def parse(urn: String): Urn = {
    def fqnAfter(prefix: String): Option[String] =
      Option(urn).filter(_.startsWith(prefix)).map(_.substring(prefix.length)).filter(f => Fqn.matches(f))
    fqnAfter(ModPrefix).map(Urn(ModKind, _))
      .orElse(fqnAfter(LinkPrefix).map(Urn(LinkKind, _)))
      .getOrElse(throw new MalformedUrnException(urn))
  }

  def mod(fqn: String): String = ModPrefix + fqn
  def link(fqn: String): String = LinkPrefix + fqn
  def isLink(urn: String): Boolean = urn != null && urn.startsWith(LinkPrefix)
  def fqnOf(urn: String): String = parse(urn).fqn
}
