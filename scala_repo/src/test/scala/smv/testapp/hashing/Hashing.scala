package smv.testapp.hashing

import smv._

abstract class Base(d: String) extends SmvModule(d) {
  def helper: Int = 42
}

object WithBase extends Base("has a user superclass") {
  override def requiresDS = Nil
  override def run(i: runParams) = i.spark.range(helper).toDF()
}

object Plain extends SmvModule("no user superclass") {
  override def requiresDS = Nil
  override def run(i: runParams) = i.spark.range(3).toDF()
}

object Other extends SmvModule("identical code to Plain") {
  override def requiresDS = Nil
  override def run(i: runParams) = i.spark.range(3).toDF()
}

/** Not a dataset: must not be discovered. */
object NotADataSet { val x = 1 }

object Outer {
  /** Nested: not discovered (datasets are top-level objects). */
  object Inner extends SmvModule("nested") {
    override def requiresDS = Nil
    override def run(i: runParams) = i.spark.range(1).toDF()
  }
}
