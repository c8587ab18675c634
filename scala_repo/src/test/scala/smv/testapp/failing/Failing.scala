package smv.testapp.failing

import smv._

object Boom extends SmvModule("its run raises") {
  override def requiresDS = Nil
  override def run(i: runParams) = throw new IllegalStateException("boom from user code")
}
