package smv
package driver

import java.io.StringReader
import java.nio.{ByteBuffer, CharBuffer}
import java.nio.charset.StandardCharsets.UTF_8
import java.nio.charset.CodingErrorAction
import java.nio.file.{Files, Paths}
import java.util.Properties

import scala.jdk.CollectionConverters._

/** SMV's conf files are Java `.properties` files: `java.util.Properties` reads them, so
  * every detail of the format is the JDK's. Files are UTF-8 (Python's `smv.app.props`
  * reads the same files to the same values). The only thing added here is where an
  * unreadable file fails: its file and line.
  */
object PropsFile {
  /** The properties of the UTF-8 file `file`. */
  def read(file: String): Map[String, String] = parse(decode(Files.readAllBytes(Paths.get(file)), file), file)

  /** The properties in `text`; `source` names it in errors. */
  def parse(text: String, source: String): Map[String, String] =
    try load(text) catch {
      case e: IllegalArgumentException => throw new SmvException(
        s"$source:${failingLine(text)}: cannot read it (${e.getMessage}): expected a unicode escape of " +
          "four hex digits like '\\u00e9'")
    }

  /** For py4j: what the JVM reads from `file` (the tests compare it with Python's reading). */
  def readJava(file: String): java.util.Map[String, String] = read(file).asJava

  private def load(text: String): Map[String, String] = {
    val p = new Properties()
    p.load(new StringReader(text))
    p.asScala.toMap
  }

  private def decode(bytes: Array[Byte], file: String): String = {
    val decoder = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT)
    val in = ByteBuffer.wrap(bytes)
    val out = CharBuffer.allocate(bytes.length)
    val result = decoder.decode(in, out, true)
    if (result.isError) {
      val at = in.position()
      throw new SmvException(f"$file:${bytes.take(at).count(_ == '\n') + 1}: cannot read byte 0x${bytes(at) & 0xff}%02x: " +
        "expected UTF-8 text")
    }
    decoder.flush(out)
    out.flip().toString
  }

  /** The first line whose end makes the text unreadable: where its bad escape is. */
  private def failingLine(text: String): Int = {
    val lines = text.split("(?<=\n)|(?<=\r)(?!\n)", -1)
    (1 to lines.length).find(n => try { load(lines.take(n).mkString); false } catch {
      case _: IllegalArgumentException => true
    }).getOrElse(lines.length)
  }
}
