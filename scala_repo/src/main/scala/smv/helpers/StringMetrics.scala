package smv.helpers

/** The string similarities behind smvfuncs' nGram2, nGram3, diceSorensen and jaroWinkler:
  * None when a string is empty or shorter than the gram, 1 for equal strings.
  */
private[helpers] object StringMetrics {
  private def grams(n: Int, s: String): Seq[String] = s.sliding(n).toSeq

  private def shared(a: Seq[String], b: Seq[String]): Int = a.intersect(b).size

  def nGram(n: Int)(a: String, b: String): Option[Double] =
    if (a.length < n || b.length < n) None
    else if (a == b) Some(1.0)
    else {
      val (ga, gb) = (grams(n, a), grams(n, b))
      Some(shared(ga, gb).toDouble / math.max(ga.size, gb.size))
    }

  def diceSorensen(a: String, b: String): Option[Double] =
    if (a.length < 2 || b.length < 2) None
    else if (a == b) Some(1.0)
    else {
      val (ga, gb) = (grams(2, a), grams(2, b))
      Some(2.0 * shared(ga, gb) / (ga.size + gb.size))
    }

  def jaroWinkler(a: String, b: String): Option[Double] =
    if (a.isEmpty || b.isEmpty) None
    else {
      val j = jaro(a, b)
      val prefix = a.zip(b).take(4).takeWhile { case (x, y) => x == y }.size
      Some(j + prefix * 0.1 * (1 - j))
    }

  private def jaro(a: String, b: String): Double = {
    val window = math.max(0, math.max(a.length, b.length) / 2 - 1)
    val bUsed = Array.fill(b.length)(false)
    val aMatched = a.indices.flatMap { i =>
      val from = math.max(0, i - window)
      val to = math.min(b.length - 1, i + window)
      (from to to).find(j => !bUsed(j) && b(j) == a(i)).map { j => bUsed(j) = true; a(i) }
    }
    val bMatched = b.indices.filter(bUsed).map(b(_))
    val m = aMatched.size
    if (m == 0) 0.0
    else {
      val transpositions = aMatched.zip(bMatched).count { case (x, y) => x != y } / 2.0
      (m.toDouble / a.length + m.toDouble / b.length + (m - transpositions) / m) / 3
    }
  }
}
