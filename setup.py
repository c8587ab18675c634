"""Generates the gRPC code from proto/ whenever the package is built or installed."""
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))
from generate_proto import generate  # noqa: E402


class BuildPyWithProto(build_py):
    def run(self) -> None:
        generate(ROOT / "proto", ROOT / "python_repo")
        super().run()


setup(cmdclass={"build_py": BuildPyWithProto})
