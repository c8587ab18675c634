package smv

import org.apache.hadoop.fs.Path
import smv.repository.v1.DataSetKind
import smv.csv.{CsvReader, CsvFrames, SmvSchema}
import smv.persist.DataLocation
import smv.repository.RunResult

/** A dataset read from outside the app's code. Always ephemeral; its hash also covers
  * what it reads (see `hashInputs`), and it fails on parser errors unless its DQM says
  * otherwise (`FailParserCountPolicy(1)` is added when the user gave none).
  */
abstract class SmvInputDataSet extends SmvDataSet {
  final override def requiresDS: Seq[SmvDataSet] = Nil
  final override def isEphemeral: Boolean = true
  private[smv] final def kind: DataSetKind = DataSetKind.DATA_SET_KIND_INPUT

  private[smv] override def dqmWithTypeSpecificPolicy(): SmvDQM = {
    val user = dqm()
    if (user.policies.exists(_.isInstanceOf[FailParserCountPolicy])) user else user.add(FailParserCountPolicy(1))
  }
}

/** A CSV file under the app's input directory, with its SMV schema file beside it:
  * `accounts/acct.csv` (or `acct.csv.gz`) has `accounts/acct.schema`.
  * {{{
  * object Accounts extends SmvCsvFile("accounts/acct.csv")
  * }}}
  */
class SmvCsvFile(val path: String) extends SmvInputDataSet {
  def description: String = s"CSV file $path"

  /** The schema file's path, relative to the input directory like `path`. */
  def schemaPath: String = SmvCsvFile.schemaPathFor(path)

  private[smv] def dataFile(env: DataSetEnv): Path = SmvCsvFile.resolve(env.inputDir, path)
  private[smv] def schemaFile(env: DataSetEnv): Path = SmvCsvFile.resolve(env.inputDir, schemaPath)

  private[smv] def schema(env: DataSetEnv): SmvSchema = {
    val file = schemaFile(env)
    if (!DataLocation.exists(file.toString)) throw new InputNotFoundException(file.toString, "schema file", urn, env.inputDir)
    SmvSchema.parseFile(DataLocation.readText(file.toString), file.toString)
  }

  /** Path, modification time and schema. A missing or unreadable file does not stop
    * metadata (listing, graphs): it hashes as missing, and running the input fails.
    */
  private[smv] override def hashInputs(env: DataSetEnv): String = {
    val data = dataFile(env)
    val mtime = Some(DataLocation.modificationTimeMillis(data.toString)).filter(_ >= 0).map(_.toString).getOrElse("missing")
    val schemaText = try schema(env).canonical catch { case e: SmvException => s"unusable: ${e.getMessage}" }
    s"path=$data\nmtime=$mtime\nschema=$schemaText"
  }

  private[smv] def compute(i: runParams, env: DataSetEnv): RunResult = {
    val data = dataFile(env)
    if (!DataLocation.exists(data.toString))
      throw new InputNotFoundException(data.toString, "data file", urn, env.inputDir)
    CsvReader.readFile(i.run, data.toString, schema(env))
  }
}

object SmvCsvFile {
  /** `dir/name.csv` and `dir/name.csv.gz` → `dir/name.schema`; no extension → `name.schema`. */
  def schemaPathFor(path: String): String = {
    val noGz = path.stripSuffix(".gz")
    val slash = noGz.lastIndexOf('/')
    val dot = noGz.lastIndexOf('.')
    (if (dot > slash + 1) noGz.substring(0, dot) else noGz) + ".schema"
  }

  /** `path` under `inputDir` unless it is absolute or has a scheme. */
  private[smv] def resolve(inputDir: String, path: String): Path = {
    val p = new Path(path)
    if (p.isAbsolute || p.toUri.getScheme != null) p else new Path(inputDir, path)
  }
}

/** Inline CSV data: schema "id:String; v:Integer", records separated by ';'.
  * {{{
  * object Prices extends SmvCsvStringData("id:String; price:Double", "a,1.5;b,2.0")
  * }}}
  */
class SmvCsvStringData(val schemaStr: String, val dataStr: String) extends SmvInputDataSet {
  def description: String = s"inline CSV data ($schemaStr)"

  private[smv] def schema: SmvSchema = SmvSchema.parseString(schemaStr, s"schema of $urn")

  private[smv] override def hashInputs(env: DataSetEnv): String = s"schema=${schema.canonical}\ndata=$dataStr"

  private[smv] def compute(i: runParams, env: DataSetEnv): RunResult =
    CsvReader.readLines(i.run, CsvFrames.records(dataStr), schema)
}
