package smv.testapp.mixed

import org.apache.spark.sql.functions.col
import smv._

// Objects under `py` stand in for Python datasets of the same stage (served by a
// python-labelled view in tests); the others use them through SmvExtModule.

package py {
  object PyInput extends SmvCsvStringData("k:String; x:Integer", "p,1;q,2")

  object PyMod extends SmvModule("stands in for a Python module") {
    override def requiresDS = Seq(PyInput)
    override def run(i: runParams) = i(PyInput).withColumn("x", col("x") + 100)
  }
}

object ScalaUser extends SmvModule("a Scala module using a 'Python' module of its stage") with SmvOutput {
  override def requiresDS = Seq(SmvExtModule("smv.testapp.mixed.py.PyMod"))
  override def run(i: runParams) = i(SmvExtModule("smv.testapp.mixed.py.PyMod")).filter(col("x") > 101)
}
