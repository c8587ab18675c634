package smv
package persist

import java.nio.charset.StandardCharsets.UTF_8
import java.nio.file.{DirectoryNotEmptyException, FileAlreadyExistsException, FileSystemException, Files, StandardCopyOption}
import java.time.Instant
import java.util.UUID

import scala.util.control.NonFatal

import org.apache.hadoop.fs.{FileContext, FileSystem, Options, Path}
import org.apache.spark.sql.{DataFrame, Observation, SparkSession}
import org.apache.spark.sql.functions.{count, lit}
import org.apache.spark.sql.types.{DataType, StructType}
import org.json4s._
import org.json4s.jackson.JsonMethods.{compact, parse, render}

/** What is recorded beside a persisted result. */
final case class PersistedInfo(
    urn: String, hashOfHashes: String, hash: String, hashWithSuperClass: String, writtenAt: String,
    rows: Long, dqm: Option[JValue], dependencyHashes: Map[String, String] = Map.empty,
    schema: Option[StructType] = None, version: Option[String] = None,
    rejected: Map[String, RejectedRecords] = Map.empty) {
  def toJson: String = compact(render(JObject(List[JField](
    "urn" -> JString(urn), "hashOfHashes" -> JString(hashOfHashes), "hash" -> JString(hash),
    "hashWithSuperClass" -> JString(hashWithSuperClass), "writtenAt" -> JString(writtenAt), "rows" -> JLong(rows),
    "dqm" -> dqm.getOrElse(JNull),
    "dependencyHashes" -> JObject(dependencyHashes.toList.sorted.map { case (u, h) => u -> (JString(h): JValue) }),
    "schema" -> schema.map(s => parse(s.json)).getOrElse(JNull),
    "version" -> version.map(JString(_)).getOrElse(JNull)) ++ (if (rejected.isEmpty) Nil else List[JField](
    "rejectedInputRecords" -> JObject(rejected.toList.sortBy(_._1).map { case (u, r) => (u, r.toJValue) }))))))
}

object PersistedInfo {
  def fromJson(json: String): PersistedInfo = {
    implicit val formats: Formats = DefaultFormats
    val v = parse(json)
    PersistedInfo((v \ "urn").extract[String], (v \ "hashOfHashes").extract[String], (v \ "hash").extract[String],
      (v \ "hashWithSuperClass").extract[String], (v \ "writtenAt").extract[String], (v \ "rows").extract[Long],
      Option(v \ "dqm").filter(j => j != JNull && j != JNothing),
      (v \ "dependencyHashes").extractOpt[Map[String, String]].getOrElse(Map.empty),
      Option(v \ "schema").filter(j => j != JNull && j != JNothing).flatMap { j =>
        scala.util.Try(DataType.fromJson(compact(render(j)))).toOption.collect { case st: StructType => st }
      },
      (v \ "version").extractOpt[String],
      (v \ "rejectedInputRecords") match {
        case JObject(fields) => fields.map { case (u, r) => u -> RejectedRecords((r \ "count").extract[Long],
          (r \ "samples").extractOpt[List[String]].getOrElse(Nil)) }.toMap
        case _ => Map.empty
      })
  }
}

/** Records an input left out because they failed to parse: how many, and a few of them. */
final case class RejectedRecords(count: Long, samples: Seq[String]) {
  def toJValue: JValue = JObject("count" -> JLong(count), "samples" -> JArray(samples.map(JString(_)).toList))
}

/** Non-ephemeral results under the output directory, named by code identity:
  * `<outputDir>/<fqn>_<first 8 hex of hash of hashes>.parquet` with
  * `<fqn>_<hash8>.meta.json` beside it.
  *
  * A result is written under `<outputDir>/.smv-tmp/<uuid>/` and then renamed into place
  * (an atomic rename on a local or HDFS file system), so a crash never leaves a
  * half-written result where a later run would trust it. When two runs write the same
  * result, the first rename wins and the other run uses it; nothing is overwritten.
  * Runs on one output directory take a lock per result (`locks`), so they compute it
  * once between them, and remove crashed runs' leftovers (`cleanLeftovers`); both rest
  * on leases of `leaseMillis` (see Leases).
  */
final class Persistence(val outputDir: String, spark: SparkSession, leaseMillis: Long = Leases.DefaultLeaseMillis) {
  private val root = new Path(outputDir)
  private def fs: FileSystem = root.getFileSystem(spark.sparkContext.hadoopConfiguration)
  private val leases = new Leases(() => fs, leaseMillis)
  val locks = new OutputLocks(root, leases)
  private val cleaner = new TmpCleaner(() => fs, new Path(root, Persistence.TmpDir), new Path(root, OutputLocks.LockDir), leases)

  /** Removes what crashed runs left behind (temporary folders, locks) once their leases expired. */
  def cleanLeftovers(): Seq[String] = cleaner.clean()

  def baseName(fqn: String, hashOfHashes: String): String = s"${fqn}_${hashOfHashes.take(8)}"
  def dataPath(fqn: String, hashOfHashes: String): Path = new Path(root, baseName(fqn, hashOfHashes) + ".parquet")
  def metaPath(fqn: String, hashOfHashes: String): Path = new Path(root, baseName(fqn, hashOfHashes) + ".meta.json")

  def exists(fqn: String, hashOfHashes: String): Boolean = fs.exists(dataPath(fqn, hashOfHashes))

  /** The persisted result; given its `schema` (known right after writing it) Spark skips the
    * job that would infer it from the files. */
  def read(fqn: String, hashOfHashes: String, schema: Option[StructType] = None): DataFrame =
    schema.fold(spark.read)(spark.read.schema).parquet(dataPath(fqn, hashOfHashes).toString)

  def readInfo(fqn: String, hashOfHashes: String): Option[PersistedInfo] = {
    val p = metaPath(fqn, hashOfHashes)
    if (!fs.exists(p)) None
    else {
      val in = fs.open(p)
      try Some(PersistedInfo.fromJson(new String(in.readAllBytes(), UTF_8))) catch { case NonFatal(_) => None }
      finally in.close()
    }
  }

  /** A persisted result's schema (column metadata included) without reading its data: the one
    * recorded in its `.meta.json`, else the Parquet footer's. */
  def persistedSchema(fqn: String, hashOfHashes: String): Option[StructType] =
    readInfo(fqn, hashOfHashes).flatMap(_.schema).orElse(
      if (exists(fqn, hashOfHashes)) scala.util.Try(read(fqn, hashOfHashes).schema).toOption else None)

  /** Writes `df` and its info; returns the rows persisted (counted by the writing job itself
    * unless `knownRows`). `info` runs after the data is written, before anything is in place:
    * when it throws (e.g. failed DQM), nothing is persisted. When the result is already in
    * place (another run wrote it first) keeps it and returns its row count, unless
    * `replace` (a forced recompute), which swaps the new result in.
    */
  def write(df: DataFrame, fqn: String, hoh: String, knownRows: Option[Long], replace: Boolean = false)(
      info: Long => PersistedInfo): Long = {
    val tmp = new Path(new Path(root, Persistence.TmpDir), UUID.randomUUID().toString)
    val tmpLease = TmpCleaner.leaseOf(tmp)
    if (!leases.tryAcquire(tmpLease)) throw new SmvException(s"cannot create the lease file $tmpLease")
    val tmpData = new Path(tmp, baseName(fqn, hoh) + ".parquet")
    val tmpMeta = new Path(tmp, baseName(fqn, hoh) + ".meta.json")
    try {
      val counted = Observation()
      df.observe(counted, count(lit(1)).as("rows")).write.parquet(tmpData.toString) // rows counted by the write job
      val rows = knownRows.orElse(Observed.values(counted).map(_.getLong(0)))
        .getOrElse(spark.read.parquet(tmpData.toString).count())
      SmallFiles.write(fs, tmpMeta, info(rows).toJson)
      val committed = commit(tmpData, dataPath(fqn, hoh)) ||
        (replace && commit(dataPath(fqn, hoh), new Path(tmp, "replaced.parquet")) && commit(tmpData, dataPath(fqn, hoh)))
      if (committed) {
        commit(tmpMeta, metaPath(fqn, hoh), replace = true)
        rows
      } else readInfo(fqn, hoh).map(_.rows).getOrElse(read(fqn, hoh).count())
    } finally {
      try fs.delete(tmp, true) finally leases.release(tmpLease)
    }
  }

  /** Every persisted result under the output directory: fqn → the first 8 hex digits of the
    * hashes of hashes it is persisted under, sorted. One listing of the directory (a dry run
    * takes it once, not once per dataset). */
  def persistedVersions(): Map[String, Seq[String]] = {
    val names = try fs.listStatus(root).toSeq.map(_.getPath.getName) catch { case _: java.io.FileNotFoundException => Nil }
    names.collect { case Persistence.DataName(fqn, hash8) => fqn -> hash8 }.groupMap(_._1)(_._2).view.mapValues(_.sorted).toMap
  }

  /** The info of the newest other persisted version of `fqn` (another hash of hashes) among
    * `versions` (from `persistedVersions`), if any. */
  def previousInfo(fqn: String, hashOfHashes: String, versions: Map[String, Seq[String]]): Option[PersistedInfo] =
    versions.getOrElse(fqn, Nil).filter(_ != hashOfHashes.take(8)).flatMap(readInfo(fqn, _)).sortBy(_.writtenAt).lastOption

  /** Removes the persisted result (data and info), if any. */
  def delete(fqn: String, hashOfHashes: String): Unit = {
    fs.delete(dataPath(fqn, hashOfHashes), true)
    fs.delete(metaPath(fqn, hashOfHashes), false)
  }

  /** Renames `from` to `to` atomically; false when `to` already exists (and `replace` is off). */
  private def commit(from: Path, to: Path, replace: Boolean = false): Boolean = {
    SmallFiles.mkdirs(fs, to.getParent)
    if (SmallFiles.isLocal(fs)) {
      val src = SmallFiles.localPath(fs, from)
      val dst = SmallFiles.localPath(fs, to)
      try {
        if (replace) Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
        else Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE)
        true
      } catch {
        // rename(2) onto a non-empty directory: another writer put it in place first
        case _: FileAlreadyExistsException | _: DirectoryNotEmptyException => false
        case e: FileSystemException if Files.exists(dst) && e.getReason != null &&
          e.getReason.toLowerCase.contains("not empty") => false
      }
    } else {
      val fc = FileContext.getFileContext(to.toUri, spark.sparkContext.hadoopConfiguration)
      try {
        fc.rename(from, to, if (replace) Options.Rename.OVERWRITE else Options.Rename.NONE)
        true
      } catch {
        case _: org.apache.hadoop.fs.FileAlreadyExistsException => false
      }
    }
  }
}

object Persistence {
  /** Where results are written before they are renamed into place (ignored by readers: leading dot). */
  val TmpDir = ".smv-tmp"

  /** A persisted result's data folder name: `<fqn>_<first 8 hex of its hash of hashes>.parquet`. */
  private val DataName = """(.+)_([0-9a-f]{8})\.parquet""".r

  def now(): String = Instant.now().toString
}
