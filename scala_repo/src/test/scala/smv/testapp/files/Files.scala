package smv.testapp.files

import smv._

object People extends SmvCsvFile("csv/people.csv")

object Adults extends SmvModule("people 18 and over") with SmvOutput {
  override def requiresDS = Seq(People)
  override def run(i: runParams) = i(People).filter("age >= 18")
}
