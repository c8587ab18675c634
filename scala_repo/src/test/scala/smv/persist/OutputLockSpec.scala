package smv
package persist

import java.nio.file.{Files, Path => JPath}
import java.util.concurrent.{CountDownLatch, Executors, TimeUnit}
import java.util.concurrent.atomic.AtomicInteger

import scala.concurrent.{Await, ExecutionContext, Future}
import scala.concurrent.duration._

import org.apache.hadoop.fs.{FileSystem, Path}
import org.scalatest.funsuite.AnyFunSuite

class OutputLockSpec extends AnyFunSuite with SparkSuite {
  private def setUp(leaseMillis: Long): (JPath, Leases, OutputLocks) = {
    val dir = tempDir("smv-locks")
    val root = new Path(dir.toUri)
    val fs = () => root.getFileSystem(spark.sparkContext.hadoopConfiguration): FileSystem
    val leases = new Leases(fs, leaseMillis)
    (dir, leases, new OutputLocks(root, leases, pollMillis = 20))
  }

  test("a lock is created once: a second taker fails while the first holds it, and succeeds once released") {
    val (dir, leases, locks) = setUp(60000)
    val p = locks.lockPath("s.M_12345678")
    assert(leases.tryAcquire(p) && !leases.tryAcquire(p))
    assert(new String(Files.readAllBytes(dir.resolve(".smv-lock/s.M_12345678.lock"))).contains(Leases.owner))
    leases.release(p)
    assert(leases.tryAcquire(p))
    leases.release(p)
  }

  test("the heartbeat keeps a held lock fresh beyond its lease; a crashed holder's lock expires and is taken over") {
    val (dir, leases, locks) = setUp(1500)
    val held = locks.lockPath("s.Held_00000000")
    val heldFile = dir.resolve(".smv-lock/s.Held_00000000.lock")
    assert(leases.tryAcquire(held))
    val created = Files.getLastModifiedTime(heldFile).toMillis
    // wait for the event (the heartbeat touched it past the lease it was created with), not for a time
    val deadline = System.nanoTime() + 60.seconds.toNanos
    while (Files.getLastModifiedTime(heldFile).toMillis <= created + 1500) {
      assert(System.nanoTime() < deadline, "the heartbeat never refreshed the held lock past its first lease")
      Thread.sleep(50)
    }
    assert(!leases.isExpired(held), "a live holder's lock expired")
    leases.release(held)

    val crashed = locks.lockPath("s.Crashed_00000000")
    assert(leases.tryAcquire(crashed))
    Leases.heartbeat.drop(crashed) // its run is gone: nobody refreshes it any more
    val ran = new AtomicInteger()
    val started = System.nanoTime()
    assert(locks.withLock("s.Crashed_00000000", () => false)(ran.incrementAndGet()).contains(1))
    assert((System.nanoTime() - started).nanos >= 1000.millis, "the lock was taken before its lease expired")
  }

  test("runs waiting on a lock compute nothing and reuse what the holder made ready") {
    val (_, _, locks) = setUp(60000)
    @volatile var persisted = false
    val computed = new AtomicInteger()
    val inside = new CountDownLatch(1)
    val pool = Executors.newFixedThreadPool(4)
    implicit val ec: ExecutionContext = ExecutionContext.fromExecutor(pool)
    try {
      val holder = Future(locks.withLock("s.M_1", () => persisted) {
        inside.countDown(); Thread.sleep(300); computed.incrementAndGet(); persisted = true
      })
      assert(inside.await(10, TimeUnit.SECONDS))
      val waiters = (1 to 3).map(_ => Future(locks.withLock("s.M_1", () => persisted)(computed.incrementAndGet())))
      assert(Await.result(holder, 10.seconds).isDefined)
      assert(waiters.map(Await.result(_, 10.seconds)).forall(_.isEmpty))
      assert(computed.get == 1)
    } finally pool.shutdownNow()
  }
}
