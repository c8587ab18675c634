package smv
package repository

import java.nio.charset.StandardCharsets.UTF_8
import java.security.MessageDigest

/** Lowercase-hex sha256, the one hash SMV uses for dataset identities. */
object Sha256 {
  def hex(bytes: Array[Byte]): String = MessageDigest.getInstance("SHA-256").digest(bytes).map("%02x".format(_)).mkString

  def hex(text: String): String = hex(text.getBytes(UTF_8))

  /** sha256 over the parts in order, each framed by its length so no two sequences collide. */
  def ofParts(parts: Seq[Array[Byte]]): String = {
    val md = MessageDigest.getInstance("SHA-256")
    parts.foreach { p =>
      md.update(java.nio.ByteBuffer.allocate(8).putLong(p.length.toLong).array())
      md.update(p)
    }
    md.digest().map("%02x".format(_)).mkString
  }
}
