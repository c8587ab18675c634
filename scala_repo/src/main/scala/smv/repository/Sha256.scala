package smv
package repository

import java.nio.charset.StandardCharsets.UTF_8
import java.security.MessageDigest
import java.util.HexFormat

/** Lowercase-hex sha256, the one hash SMV uses for dataset identities. */
object Sha256 {
  // HexFormat, not "%02x".format per byte: a Formatter per byte made a run's hashes of hashes
  // cost ~10 µs each, the largest JVM-side cost of resolving 1,000 datasets.
  private val Hex = HexFormat.of()

  def hex(bytes: Array[Byte]): String = Hex.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))

  def hex(text: String): String = hex(text.getBytes(UTF_8))

  /** sha256 over the parts in order, each framed by its length so no two sequences collide. */
  def ofParts(parts: Seq[Array[Byte]]): String = {
    val md = MessageDigest.getInstance("SHA-256")
    parts.foreach { p =>
      md.update(java.nio.ByteBuffer.allocate(8).putLong(p.length.toLong).array())
      md.update(p)
    }
    Hex.formatHex(md.digest())
  }
}
