"""Data locations as the user API sees them: a path or a Hadoop URI, `child` below it, the
`DataFiles` an input reads its data and schema through, and `LocationError`.

The app gives a dataset its `DataFiles` (Hadoop's with Spark, the local file system's
without: smv.app.locations), so the API never reaches up into the app.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class LocationError(Exception):
    """A data location that cannot be used; the message names it (and its setting)."""


def is_uri(location: str) -> bool:
    """`scheme:...` (file:, hdfs:, s3a:, ...), as opposed to a path."""
    return bool(_SCHEME.match(location))


def child(location: str, relative: str) -> str:
    """`relative` below `location` (itself when it is a URI or an absolute path)."""
    if is_uri(relative) or relative.startswith("/"):
        return relative
    return location.rstrip("/") + "/" + relative if is_uri(location) else str(Path(location) / relative)


class DataFiles(Protocol):
    """What SMV needs to know about data files."""

    def exists(self, location: str) -> bool: ...

    def modification_time_ms(self, location: str) -> int:
        """The newest modification time at or below `location` (as smv.app.locations defines it); -1 when missing."""

    def read_text(self, location: str) -> str: ...
