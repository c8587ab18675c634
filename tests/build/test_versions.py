"""One Spark version, pinned exactly and identically on both sides."""
import re
import tomllib
from pathlib import Path

import pyspark

ROOT = Path(__file__).resolve().parents[2]


def pyproject_spark_pin() -> str:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = [d.split("==", 1)[1] for d in deps if re.match(r"^pyspark\s*==", d)]
    assert len(pins) == 1, f"pyproject.toml must pin pyspark exactly once with '==', found {deps}"
    return pins[0].strip()


def build_sbt_spark_version() -> str:
    found = re.findall(r'val sparkVersion\s*=\s*"([^"]+)"', (ROOT / "build.sbt").read_text())
    assert len(found) == 1, "build.sbt must define `val sparkVersion = \"x.y.z\"` exactly once"
    return found[0]


def test_pyproject_and_build_sbt_pin_the_same_spark() -> None:
    assert pyproject_spark_pin() == build_sbt_spark_version()


def test_spark_is_4_x_with_scala_2_13() -> None:
    assert build_sbt_spark_version().startswith("4.")
    assert re.search(r'scalaVersion := "2\.13\.\d+"', (ROOT / "build.sbt").read_text())


def test_installed_pyspark_is_the_pinned_one() -> None:
    assert pyspark.__version__ == pyproject_spark_pin()


def test_every_python_dependency_is_pinned_exactly() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + [d for ds in project["optional-dependencies"].values() for d in ds]
    loose = [d for d in deps if "==" not in d]
    assert not loose, f"unpinned dependencies: {loose}"
