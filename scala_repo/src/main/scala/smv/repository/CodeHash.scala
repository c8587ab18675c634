package smv
package repository

import java.nio.charset.StandardCharsets.UTF_8

/** Hashes of Scala code from its bytecode, stable across runs and JVMs (never hashCode).
  *
  * A dataset object's own code is its class files: `M$.class`, `M.class` and every
  * class nested in it (`M$...`: anonymous classes, inner objects). Its superclass code
  * is the class file of every user-defined superclass and trait, up to SMV's own.
  */
object CodeHash {

  /** sha256 over the named classes' bytes, in name order. */
  def ofClasses(classNames: Seq[String], loader: ClassLoader): String =
    Sha256.ofParts(classNames.distinct.sorted.flatMap(n => Seq(n.getBytes(UTF_8), bytecode(n, loader))))

  /** The class files of an object (`a.b.M$`) among the names of its package. */
  def objectClasses(objectClass: Class[_], packageClasses: Seq[String]): Seq[String] = {
    val base = objectClass.getName.stripSuffix("$")
    packageClasses.filter(n => n == base || n.startsWith(base + "$"))
  }

  /** The user-defined superclasses and traits of `cls`, nearest first; SMV, Scala and Java ones excluded. */
  def userSupertypes(cls: Class[_]): Seq[Class[_]] = {
    val seen = scala.collection.mutable.LinkedHashSet[Class[_]]()
    def visit(c: Class[_]): Unit = if (c != null && isUser(c) && seen.add(c)) {
      visit(c.getSuperclass)
      c.getInterfaces.foreach(visit)
    }
    visit(cls.getSuperclass)
    cls.getInterfaces.foreach(visit)
    seen.toSeq
  }

  private def isUser(c: Class[_]): Boolean = {
    val n = c.getName
    val pkg = Option(c.getPackage).map(_.getName).getOrElse(n.substring(0, math.max(n.lastIndexOf('.'), 0)))
    !(pkg == "smv" || pkg.startsWith("smv.repository") || n.startsWith("scala.") || n.startsWith("java.") ||
      n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("org.apache.spark."))
  }

  private def bytecode(className: String, loader: ClassLoader): Array[Byte] = {
    val resource = className.replace('.', '/') + ".class"
    val in = loader.getResourceAsStream(resource)
    if (in == null) throw new SmvException(s"cannot hash $className: its class file $resource is not on the class path")
    try in.readAllBytes() finally in.close()
  }
}
