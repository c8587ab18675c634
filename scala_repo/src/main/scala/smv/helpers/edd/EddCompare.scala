package smv.helpers.edd

import java.math.MathContext

/** smvEddCompare: two EDD summaries are equal when they hold the same figures, numbers compared
  * to 5 significant digits (as SMV did). The text is "Matched" or "Not Match" and the differences.
  */
object EddCompare {
  private val precision = new MathContext(5)

  def apply(a: EddResult, b: EddResult): String = {
    def keyed(r: EddResult) = r.figures.map(f => (f.colName, f.taskType, f.taskName) -> f).toMap
    val (left, right) = (keyed(a), keyed(b))
    val problems =
      if (left.size != right.size) Seq(s"Edd DFs have different counts: ${left.size} vs. ${right.size}")
      else if (left.keySet != right.keySet)
        Seq(s"Edd DFs are not matched. Joined count: ${(left.keySet & right.keySet).size}, Original count: ${left.size}")
      else a.figures.filterNot(f => same(f, right((f.colName, f.taskType, f.taskName)))).map { f =>
        s"not equal: ${f.colName}, ${f.taskType}, ${f.taskName}, ${f.taskDesc}"
      }
    if (problems.isEmpty) "Matched" else ("Not Match" +: problems).mkString("\n")
  }

  private def same(x: EddFigure, y: EddFigure): Boolean =
    rounded(x.value) == rounded(y.value) &&
      x.histogram.map { case (k, n) => (rounded(k), n) }.toSet == y.histogram.map { case (k, n) => (rounded(k), n) }.toSet

  private def rounded(v: Any): Any = v match {
    case d: Double if !d.isNaN && !d.isInfinite => BigDecimal(d, precision)
    case d: java.math.BigDecimal => BigDecimal(d).round(precision)
    case other => other
  }
}
