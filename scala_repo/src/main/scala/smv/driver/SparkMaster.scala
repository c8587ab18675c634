package smv
package driver

import java.net.{InetSocketAddress, Socket}

import scala.util.control.NonFatal

/** A standalone master URL (spark://host:port[,host:port]) is checked before Spark starts: an
  * unreachable one is one clear error within seconds, where Spark would retry registering for
  * a minute and more before giving up. */
object SparkMaster {
  val ConnectTimeoutMillis = 5000

  def checkReachable(master: String, timeoutMillis: Int = ConnectTimeoutMillis): Unit =
    if (master.startsWith("spark://")) {
      val failures = master.stripPrefix("spark://").split(",").toSeq.map { address =>
        val colon = address.lastIndexOf(':')
        val port = address.substring(colon + 1).toIntOption
        if (colon <= 0 || port.isEmpty) throw new SmvException(s"master URL $master: expected spark://HOST:PORT[,HOST:PORT...]")
        val socket = new Socket()
        try { socket.connect(new InetSocketAddress(address.substring(0, colon), port.get), timeoutMillis); None }
        catch { case NonFatal(e) => Some(s"$address: ${e.getMessage}") }
        finally socket.close()
      }
      if (!failures.contains(None))
        throw new SmvException(s"the Spark master $master cannot be reached within ${timeoutMillis / 1000} s " +
          s"(${failures.flatten.mkString("; ")}): is it running, and is the URL right?")
    }
}
