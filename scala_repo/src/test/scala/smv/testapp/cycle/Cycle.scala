package smv.testapp.cycle

import smv._

object X extends SmvModule("x") {
  override def requiresDS = Seq(Y)
  override def run(i: runParams) = i(Y)
}

object Y extends SmvModule("y") {
  override def requiresDS = Seq(Z)
  override def run(i: runParams) = i(Z)
}

object Z extends SmvModule("z") {
  override def requiresDS = Seq(X)
  override def run(i: runParams) = i(X)
}
