package smv
package driver

import org.scalatest.funsuite.AnyFunSuite

import smv.persist.Leases

class SmvConfigSpec extends AnyFunSuite {
  test("smv.parallelism: a whole number of at least 1; the default suits the machine") {
    assert(SmvConfig(Map("smv.parallelism" -> " 3 ")).parallelism == 3)
    assert(SmvConfig(Map.empty).parallelism == SmvConfig.DefaultParallelism)
    assert(SmvConfig.DefaultParallelism >= 2 && SmvConfig.DefaultParallelism <= 8)
    Seq("0", "-2", "two", "1.5").foreach { bad =>
      val e = intercept[SmvException](SmvConfig(Map("smv.parallelism" -> bad)).parallelism)
      assert(e.getMessage.contains("smv.parallelism") && e.getMessage.contains(s"'$bad'") && e.getMessage.contains("at least 1"))
    }
  }

  test("smv.lockLeaseSeconds: seconds (fractions allowed, at least 0.1); anything else names the key and the value") {
    assert(Leases.leaseMillis(SmvConfig(Map("smv.lockLeaseSeconds" -> " 2.5 "))) == 2500L)
    assert(Leases.leaseMillis(SmvConfig(Map.empty)) == Leases.DefaultLeaseMillis)
    Seq("abc", "0", "0.01", "-5").foreach { bad =>
      val e = intercept[SmvException](Leases.leaseMillis(SmvConfig(Map("smv.lockLeaseSeconds" -> bad))))
      assert(e.getMessage == s"smv.lockLeaseSeconds = $bad: expected a number of seconds, at least 0.1")
    }
  }
}
