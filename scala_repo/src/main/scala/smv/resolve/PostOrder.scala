package smv
package resolve

import scala.collection.mutable

/** Depth-first walks of a dependency graph without recursion, so a chain of 10,000
  * datasets needs no deep stack; each node is entered once and the cycle check is O(1).
  */
object PostOrder {
  /** Visits every node reachable from `roots`, each once, after all of its children.
    * `enter(node)` is called once when a node is first reached and gives its children;
    * `exit(node)` once after them. A child still open on the current path is a cycle:
    * `cycle(path)` gets the path from it back to itself and must throw.
    */
  def walk(roots: Seq[String])(enter: String => Seq[String])(exit: String => Unit)(cycle: Seq[String] => Nothing): Unit = {
    val done = mutable.HashSet[String]()
    val onPath = mutable.HashSet[String]()
    val path = mutable.ArrayBuffer[String]()
    val stack = mutable.Stack[Iterator[String]]()

    def open(node: String): Unit = {
      onPath += node
      path += node
      stack.push(enter(node).iterator)
    }

    roots.foreach { root =>
      if (!done(root)) open(root)
      while (stack.nonEmpty) {
        val children = stack.top
        if (children.hasNext) {
          val child = children.next()
          if (onPath(child)) cycle(path.drop(path.indexOf(child)).toSeq :+ child)
          if (!done(child)) open(child)
        } else {
          stack.pop()
          val node = path.remove(path.size - 1)
          onPath -= node
          done += node
          exit(node)
        }
      }
    }
  }
}
