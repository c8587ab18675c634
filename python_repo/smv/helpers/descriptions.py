"""Column descriptions kept in the column metadata (smvDesc, smvGetDesc, ...)."""
from __future__ import annotations


class DescriptionHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""
