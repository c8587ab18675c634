"""A SparkSession that carries the SMV jar, with one clear sentence for each way
setting it up can fail (no Java, no jar, a jar built for another Spark)."""
from __future__ import annotations

import os
import shlex
import shutil
import socket
import sys
import zipfile
from pathlib import Path
from typing import Mapping, Sequence

import pyspark
from pyspark.sql import SparkSession

JAR_ENV = "SMV_JAR"
PYTHON_ENV = "PYSPARK_PYTHON"
MASTER_CONNECT_TIMEOUT_S = 5.0
_REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_JAR = _REPO_ROOT / "target" / "scala-2.13" / "smv-assembly.jar"
# Where a built wheel carries the jar (setup.py copies it there), as pyspark carries Spark's.
PACKAGED_JAR = Path(__file__).resolve().parents[1] / "jars" / "smv-assembly.jar"


class SmvSetupError(RuntimeError):
    """Something SMV needs from the machine is missing; the message says how to get it."""


def find_jar() -> Path:
    """The SMV assembly jar: $SMV_JAR, else the one an installed wheel carries inside the
    package, else the one `bin/sbt assembly` builds in this repository."""
    jar = Path(os.environ[JAR_ENV]) if os.environ.get(JAR_ENV) else \
        PACKAGED_JAR if PACKAGED_JAR.is_file() else DEFAULT_JAR
    if not jar.is_file():
        raise SmvSetupError(
            f"The SMV jar is missing at {jar}: build it with 'bin/sbt assembly' from the "
            f"repository root, or point {JAR_ENV} at an existing smv-assembly.jar.")
    return jar


def check_java() -> str:
    """The java executable Spark will use; SmvSetupError when there is none."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        where = f"JAVA_HOME={java_home} has no bin/java" if java_home else "no 'java' on PATH"
        raise SmvSetupError(
            f"Java is missing ({where}): Spark needs Java 17 or newer; install it "
            "(e.g. 'apt-get install openjdk-17-jdk-headless') or set JAVA_HOME.")
    return java


def jar_spark_version(jar: Path) -> str:
    """The Spark version the jar was built against (from its smv-build.properties)."""
    return jar_build_properties(jar).get("sparkVersion", "")


def jar_build_properties(jar: Path) -> dict[str, str]:
    """What the jar was built with (sparkVersion, scalaVersion, smvVersion): its smv-build.properties."""
    with zipfile.ZipFile(jar) as zf:
        try:
            text = zf.read("smv-build.properties").decode()
        except KeyError:
            raise SmvSetupError(
                f"{jar} is not an SMV assembly jar (no smv-build.properties inside); "
                "rebuild it with 'bin/sbt assembly'.") from None
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def check_spark_version(jar: Path) -> None:
    """The jar and pyspark must be the same Spark version."""
    built_for, installed = jar_spark_version(jar), pyspark.__version__
    if built_for != installed:
        raise SmvSetupError(
            f"Spark version mismatch: {jar.name} was built for Spark {built_for} but pyspark "
            f"{installed} is installed; install pyspark=={built_for} (pip install -e . pins it) "
            "or rebuild the jar with 'bin/sbt assembly'.")


# Defaults for a local run; anything given to spark-submit (PYSPARK_SUBMIT_ARGS) wins over them.
LOCAL_DEFAULTS = {
    "spark.master": "local[2]",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
}
_SUBMIT_FLAGS = {"--master": "spark.master", "--jars": "spark.jars", "--driver-memory": "spark.driver.memory",
                 "--executor-memory": "spark.executor.memory", "--name": "spark.app.name"}


def submitted_settings() -> dict[str, str]:
    """The Spark settings given to spark-submit through PYSPARK_SUBMIT_ARGS (as `smv-run -- ...` does)."""
    args = shlex.split(os.environ.get("PYSPARK_SUBMIT_ARGS", ""))
    settings: dict[str, str] = {}
    for flag, value in zip(args, args[1:]):
        if flag in _SUBMIT_FLAGS:
            settings[_SUBMIT_FLAGS[flag]] = value
        elif flag == "--conf" and "=" in value:
            key, _, conf_value = value.partition("=")
            settings[key] = conf_value
    return settings


def merge_submitted_jars(jars: Sequence[str]) -> None:
    """Puts `jars` (SMV's first) in place of the `--jars` given to spark-submit (`smv-run ... --
    --jars app.jar`): spark-submit's --jars wins over a spark.jars conf, so SMV's jar given only
    as conf would be left off the driver's classpath."""
    args = shlex.split(os.environ.get("PYSPARK_SUBMIT_ARGS", ""))
    if "--jars" not in args[:-1]:
        return
    at = args.index("--jars")
    args[at + 1] = ",".join(jars)
    os.environ["PYSPARK_SUBMIT_ARGS"] = shlex.join(args)


def check_master_reachable(master: str, timeout_s: float = MASTER_CONNECT_TIMEOUT_S) -> None:
    """A standalone master (spark://host:port[,host:port]) must accept a connection within
    `timeout_s`: otherwise Spark would retry registering for a minute and more."""
    if not master.startswith("spark://"):
        return
    failures = []
    for address in master[len("spark://"):].split(","):
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise SmvSetupError(f"master URL {master}: expected spark://HOST:PORT[,HOST:PORT...]")
        try:
            with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s):
                return
        except OSError as exc:
            failures.append(f"{address}: {exc.strerror or exc}")
    raise SmvSetupError(f"the Spark master {master} cannot be reached within {timeout_s:g} s "
                        f"({'; '.join(failures)}): is it running, and is the URL right?")


def create_spark_session(app_name: str = "smv", master: str | None = None,
                         conf: Mapping[str, str] | None = None,
                         extra_jars: Sequence[str] = ()) -> SparkSession:
    """A SparkSession carrying the SMV jar (and `extra_jars`), checked to have loaded it.

    Settings: LOCAL_DEFAULTS, overridden by spark-submit's (PYSPARK_SUBMIT_ARGS), then by
    `master` and `conf`; jars given to spark-submit are kept beside SMV's."""
    check_java()
    jar = find_jar()
    check_spark_version(jar)
    missing = [j for j in extra_jars if not Path(j).is_file()]
    if missing:
        raise SmvSetupError(f"jar(s) not found: {', '.join(missing)}")
    submitted = submitted_settings()
    settings = {**LOCAL_DEFAULTS, **submitted, **({"spark.master": master} if master else {}), **(conf or {})}
    check_master_reachable(settings["spark.master"])
    if settings["spark.master"].startswith("local") and not os.environ.get(PYTHON_ENV):
        os.environ[PYTHON_ENV] = sys.executable  # local Python workers get the driver's packages (pandas UDFs)
    jars = [str(jar), *extra_jars, *[j for j in submitted.get("spark.jars", "").split(",") if j]]
    merge_submitted_jars(jars)
    builder = SparkSession.builder.appName(app_name).config("spark.jars", ",".join(jars))
    for key, value in settings.items():
        if key != "spark.jars":
            builder = builder.config(key, value)
    spark = builder.getOrCreate()
    _check_jar_loaded(spark, jar)
    return spark


def attach_to_driver() -> SparkSession:
    """The SparkSession of a driver JVM that started this process (Scala-driven runs,
    smv.driver.PythonRepositoryProcess): pyspark connects to its py4j gateway through
    PYSPARK_GATEWAY_PORT/SECRET, and Python then shares the driver's session."""
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    if "PYSPARK_GATEWAY_PORT" not in os.environ or "PYSPARK_GATEWAY_SECRET" not in os.environ:
        raise SmvSetupError("nothing to attach to: PYSPARK_GATEWAY_PORT and PYSPARK_GATEWAY_SECRET are set by the "
                            "driver JVM that starts this process (smv.SmvMain --app-dir)")
    gateway = launch_gateway()
    jvm = gateway.jvm
    jsc = jvm.org.apache.spark.api.java.JavaSparkContext.fromSparkContext(jvm.org.apache.spark.SparkContext.getOrCreate())
    sc = SparkContext(gateway=gateway, jsc=jsc, conf=SparkConf(_jconf=jsc.getConf()))
    return SparkSession(sc, jsparkSession=jvm.org.apache.spark.sql.SparkSession.active())


def _check_jar_loaded(spark: SparkSession, jar: Path) -> None:
    from py4j.java_gateway import JavaClass

    from smv.spark.jvm import jvm_of

    handles = jvm_of(spark).smv.driver.DataFrameHandles
    if not isinstance(handles, JavaClass):
        raise SmvSetupError(
            f"The SparkSession did not load {jar} (smv.driver.DataFrameHandles is not on its classpath): "
            "a SparkSession already running without the SMV jar was reused; stop it first.")
