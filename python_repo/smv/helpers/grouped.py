"""df.smvGroupBy(...) and the grouped data it returns (SmvGroupedData)."""
from __future__ import annotations


class GroupByHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""
