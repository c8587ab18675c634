package smv.helpers

/** A column name not yet taken (case-insensitively, as Spark resolves names). */
private[helpers] object Unique {
  def name(taken: Seq[String], base: String, next: String => String = _ + "_"): String = {
    val lower = taken.map(_.toLowerCase).toSet
    Iterator.iterate(base)(next).find(n => !lower.contains(n.toLowerCase)).get
  }
}
