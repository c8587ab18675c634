package smv
package repository

import java.io.File
import java.net.{URI, URL, URLClassLoader}
import java.nio.file.{Files, Path, Paths}
import java.util.jar.JarFile

import scala.jdk.CollectionConverters._
import scala.util.Using

/** Lists the classes of a package (and its subpackages) on a class loader's class path.
  *
  * Looks in the directories and jars the loader reports for the package (which needs
  * directory entries in jars) and also in every jar or directory of the loader chain's
  * URLs and `java.class.path` (which does not), so jars built without directory
  * entries are found too.
  */
object ClassPathScanner {

  /** Binary names (`a.b.C$`) of the `.class` files under `pkg`, sorted. */
  def classNamesUnder(pkg: String, loader: ClassLoader): Seq[String] = {
    val dir = pkg.replace('.', '/') + "/"
    val roots = (packageRoots(dir, loader) ++ classPathRoots(loader)).distinct
    roots.flatMap(root => classesIn(root, dir)).distinct.sorted
  }

  private sealed trait Root
  private final case class DirRoot(path: Path) extends Root
  private final case class JarRoot(path: Path) extends Root

  private def packageRoots(dir: String, loader: ClassLoader): Seq[Root] =
    loader.getResources(dir).asScala.toSeq.flatMap { url =>
      url.getProtocol match {
        case "file" =>
          val p = Paths.get(url.toURI)
          // root = the directory `dir` hangs off
          Some(DirRoot(Iterator.iterate(p)(_.getParent).drop(dir.count(_ == '/')).next()))
        case "jar" =>
          val spec = url.getPath // file:/x.jar!/a/b/
          Some(JarRoot(Paths.get(new URI(spec.substring(0, spec.indexOf("!/"))))))
        case _ => None
      }
    }

  private def classPathRoots(loader: ClassLoader): Seq[Root] = {
    val urls = Iterator.iterate(loader)(_.getParent).takeWhile(_ != null).toSeq.flatMap {
      case u: URLClassLoader => u.getURLs.toSeq
      case _ => Nil
    }
    val fromUrls = urls.filter(_.getProtocol == "file").map((u: URL) => Paths.get(u.toURI))
    val fromProperty = sys.props.getOrElse("java.class.path", "").split(File.pathSeparator).toSeq
      .filter(_.nonEmpty).map(Paths.get(_))
    (fromUrls ++ fromProperty).flatMap { p =>
      if (Files.isDirectory(p)) Some(DirRoot(p))
      else if (Files.isRegularFile(p) && p.toString.endsWith(".jar")) Some(JarRoot(p))
      else None
    }
  }

  private def classesIn(root: Root, dir: String): Seq[String] = root match {
    case DirRoot(base) =>
      val pkgDir = base.resolve(dir)
      if (!Files.isDirectory(pkgDir)) Nil
      else Using.resource(Files.walk(pkgDir)) { paths =>
        paths.iterator().asScala.filter(p => Files.isRegularFile(p) && p.toString.endsWith(".class"))
          .map(p => toClassName(base.relativize(p).toString.replace(File.separatorChar, '/'))).toList
      }
    case JarRoot(jar) =>
      Using.resource(new JarFile(jar.toFile)) { jf =>
        jf.entries().asScala.map(_.getName)
          .filter(n => n.startsWith(dir) && n.endsWith(".class")).map(toClassName).toList
      }
  }

  private def toClassName(resource: String): String = resource.stripSuffix(".class").replace('/', '.')
}
