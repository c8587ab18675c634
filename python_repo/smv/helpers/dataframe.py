"""DataFrame helpers (smvSelectPlus, smvJoinByKey, smvDedupByKey, ...)."""
from __future__ import annotations


class DataFrameHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""
