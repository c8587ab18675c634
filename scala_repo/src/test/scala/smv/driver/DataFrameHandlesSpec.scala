package smv
package driver

import org.scalatest.funsuite.AnyFunSuite

/** Handles of a run no SmvApp run owns (a client's made-up run id) do not live forever. */
class DataFrameHandlesSpec extends AnyFunSuite with SparkSuite {
  private def df = spark.range(1).toDF()

  test("an owned run keeps its handles until released; made-up run ids beyond the newest eight are released") {
    DataFrameHandles.openRun("owned-run")
    val kept = DataFrameHandles.register("owned-run", df)
    val madeUp = (1 to DataFrameHandles.MaxUnownedRuns + 1).map(i => s"made-up-$i" -> DataFrameHandles.register(s"made-up-$i", df))
    val ids = DataFrameHandles.runIds
    assert(!ids.contains("made-up-1"), ids)
    val e = intercept[NoSuchElementException](DataFrameHandles.get(madeUp.head._2))
    assert(e.getMessage.contains("never registered or its run has ended"))
    assert((2 to DataFrameHandles.MaxUnownedRuns + 1).forall(i => ids.contains(s"made-up-$i")), ids)
    assert(DataFrameHandles.get(kept) != null)
    madeUp.tail.foreach { case (run, _) => DataFrameHandles.releaseRun(run) }
    assert(DataFrameHandles.releaseRun("owned-run") == 1)
  }

  test("a made-up run id unused for the idle time is released; an owned run is not") {
    DataFrameHandles.openRun("owned-long")
    DataFrameHandles.register("owned-long", df)
    DataFrameHandles.register("made-up-idle", df)
    val later = System.currentTimeMillis() + DataFrameHandles.unownedIdleMillis + 1000
    assert(DataFrameHandles.expireUnowned(later) == Seq("made-up-idle"))
    assert(!DataFrameHandles.runIds.contains("made-up-idle") && DataFrameHandles.runIds.contains("owned-long"))
    assert(DataFrameHandles.releaseRun("owned-long") == 1)
  }
}
