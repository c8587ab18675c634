"""Data locations: where inputs are read and outputs written.

`smv.dataDir`, `smv.inputDir` and `smv.outputDir` are a path (relative to the app folder,
or absolute) or any URI Hadoop understands (`file:///abs`, `hdfs://nn/dir`, `s3a://b/dir`).
With Spark, every existence check, modification time and read goes through Hadoop's
FileSystem in the driver JVM (smv.persist.DataLocation, through py4j), as Spark's own reads do.

Without Spark (a metadata-only repository) only this machine's files can be seen: plain
paths and `file:` URIs, through the local file system, under the same rule as Hadoop's,
so an input hashes the same in both modes: a location's modification time is the newest
(in whole milliseconds) of the location itself and of every file below it that Spark
would read (no name below it starting with '.' or '_'). Other schemes need Spark there.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from smv.api.files import DataFiles as DataFiles
from smv.api.files import LocationError as LocationError
from smv.api.files import child as child
from smv.api.files import is_uri as is_uri

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def resolve(location: str, base: Path) -> str:
    """A URI as it is; a path made absolute against `base` (the app folder)."""
    return location if is_uri(location) else str(base / location)


class HadoopFiles:
    """Data files through Hadoop's FileSystem in the driver JVM (smv.persist.DataLocation)."""

    def __init__(self, spark: "SparkSession") -> None:
        from smv.spark.jvm import jvm_class, jvm_of

        self._jlocation = jvm_class(jvm_of(spark), "smv.persist.DataLocation")

    def exists(self, location: str) -> bool:
        return bool(self._call("exists", location))

    def modification_time_ms(self, location: str) -> int:
        return int(self._call("modificationTimeMillis", location))

    def read_text(self, location: str) -> str:
        return str(self._call("readText", location))

    def check(self, location: str, setting: str) -> None:
        """LocationError (one sentence naming `setting` and the location) when Hadoop cannot reach it."""
        self._call("check", location, setting)

    def _call(self, method: str, *args: str) -> Any:
        """The JVM's answer; its exception as a LocationError of one line (e.g. no file system for a scheme)."""
        from py4j.protocol import Py4JJavaError

        try:
            return getattr(self._jlocation, method)(*args)
        except Py4JJavaError as exc:
            java = exc.java_exception
            message = str(java.getMessage() or java.getClass().getName()).strip().splitlines()[0]
            if not str(java.getClass().getName()).startswith("smv."):
                message = f"{args[0]}: {message}"
            raise LocationError(message) from None


class LocalFiles:
    """Data files on this machine, for a repository without Spark (paths and file: URIs only)."""

    def exists(self, location: str) -> bool:
        return self._path(location).exists()

    def modification_time_ms(self, location: str) -> int:
        root = self._path(location)
        if not root.exists():
            return -1
        newest = root.stat().st_mtime_ns
        if root.is_dir():
            for folder, dirs, files in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
                newest = max([newest] + [(Path(folder) / f).stat().st_mtime_ns
                                         for f in files if not f.startswith((".", "_"))])
        return newest // 1_000_000

    def read_text(self, location: str) -> str:
        return self._path(location).read_text(encoding="utf-8")

    @staticmethod
    def _path(location: str) -> Path:
        if not is_uri(location):
            return Path(location)
        parsed = urlparse(location)
        if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
            return Path(unquote(parsed.path))
        raise LocationError(f"{location} is not on this machine's file system, and this repository runs without "
                            "Spark (metadata only), so it cannot reach it: start it with --spark local or attach")


def data_files(spark: "SparkSession | None") -> DataFiles:
    """Hadoop's view with Spark, the local file system's without."""
    return HadoopFiles(spark) if spark is not None else LocalFiles()
