"""Missing Java, a missing jar or a jar built for another Spark: one clear sentence each."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from smv.spark.session import SmvSetupError, create_spark_session


def test_missing_jar_says_where_and_how_to_build_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SMV_JAR", str(tmp_path / "nope.jar"))
    with pytest.raises(SmvSetupError, match=r"SMV jar is missing at .*nope\.jar.*bin/sbt assembly"):
        create_spark_session()


def test_missing_java_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    with pytest.raises(SmvSetupError, match=r"Java is missing .*no-jdk.*Java 17"):
        create_spark_session()


@pytest.mark.parametrize("name, entry, error", [
    ("smv-assembly.jar", ("smv-build.properties", "sparkVersion=3.0.0\n"),
     r"built for Spark 3\.0\.0 but pyspark 4\.\d+\.\d+ is installed"),
    ("other.jar", ("x.txt", "x"), r"other\.jar is not an SMV assembly jar"),
])
def test_a_jar_not_built_for_this_pyspark_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   name: str, entry: tuple[str, str], error: str) -> None:
    jar = tmp_path / name
    with zipfile.ZipFile(jar, "w") as zf:
        zf.writestr(*entry)
    monkeypatch.setenv("SMV_JAR", str(jar))
    with pytest.raises(SmvSetupError, match=error):
        create_spark_session()


def test_spark_submit_options_win_over_local_defaults(tmp_path: Path) -> None:
    """`smv-run -- --master ... --conf k=v` reaches Spark (PYSPARK_SUBMIT_ARGS), not our defaults."""

    script = ("from smv.spark.session import create_spark_session\n"
              "s = create_spark_session()\n"
              "print(s.conf.get('spark.master'), s.conf.get('spark.sql.shuffle.partitions'), s.conf.get('spark.ui.enabled'))\n"
              "s.stop()\n")
    env = {**os.environ, "PYSPARK_SUBMIT_ARGS": "--master local[1] --conf spark.sql.shuffle.partitions=7 pyspark-shell"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["local[1]", "7", "false"]
