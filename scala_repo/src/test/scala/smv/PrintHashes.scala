package smv

import smv.repository.ScalaDataSetRepository

/** Prints "urn hashWithSuperClass hash" per dataset of a stage (used to compare hashes across JVMs). */
object PrintHashes {
  def main(args: Array[String]): Unit = {
    val repo = new ScalaDataSetRepository(args.toSeq)
    repo.listDataSets(None).foreach(u => println(s"$u ${repo.datasetHash(u, true)} ${repo.datasetHash(u, false)}"))
  }
}
