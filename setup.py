"""Generates the gRPC code from proto/ whenever the package is built or installed, and puts the
SMV assembly jar inside a built wheel (smv/jars/), as pyspark carries Spark's jars: build the jar
first (`bin/sbt assembly`, or `bin/setup`), then the wheel (`pip wheel --no-deps -w dist .`)."""
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
ASSEMBLY_JAR = ROOT / "target" / "scala-2.13" / "smv-assembly.jar"
sys.path.insert(0, str(ROOT / "tools"))
from generate_proto import generate  # noqa: E402


class BuildPyWithProto(build_py):
    def run(self) -> None:
        generate(ROOT / "proto", ROOT / "python_repo")
        super().run()
        if not self.editable_mode:  # an editable install finds the jar in target/ (smv.spark.session)
            self._add_jar()

    def _add_jar(self) -> None:
        if not ASSEMBLY_JAR.is_file():
            raise SystemExit(f"building SMV's package needs the SMV jar at {ASSEMBLY_JAR}: "
                             "build it first with 'bin/sbt assembly' (bin/setup does)")
        jars = Path(self.build_lib) / "smv" / "jars"
        jars.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ASSEMBLY_JAR, jars / ASSEMBLY_JAR.name)


setup(cmdclass={"build_py": BuildPyWithProto})
