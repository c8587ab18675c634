"""Time-panel column helpers (smvTimeToType, smvTimeToIndex, ...)."""
from __future__ import annotations


class TimeColumnHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""
