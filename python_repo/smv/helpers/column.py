"""Column helpers (smvIsAllIn, smvYear, smvPlusDays, ...)."""
from __future__ import annotations


class ColumnHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""
