"""EDD: summary statistics and histograms (smvEdd, smvHist, ...)."""
from __future__ import annotations


class EddHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""
