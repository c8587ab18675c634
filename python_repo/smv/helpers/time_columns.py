"""Time-panel column helpers on an smvTime column (smvTimeToType, smvTimeToIndex, ...).

Proxies of the JVM's `smv.helpers.TimeColumnHelpers`, which reads smvTime values with the
same definitions as `smv.panel`. A value that is no smvTime gives null.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from pyspark.sql import Column

from smv.helpers.install import install_when_ready
from smv.helpers.convert import active_jvm, wrap_col

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject


def _helpers(c: Column) -> "JavaObject":
    return active_jvm().smv.helpers.TimeColumnHelpers(c._jc)  # type: ignore[attr-defined]


class TimeColumnHelper:
    """Methods put on pyspark's class by smv.helpers.install()."""

    def smvTimeToType(self: Column) -> Column:  # type: ignore[misc]
        """The period's kind: `quarter`, `month`, `day`, `week` or `week_start_on_<Day>`."""
        return wrap_col(_helpers(self).smvTimeToType())

    def smvTimeToIndex(self: Column) -> Column:  # type: ignore[misc]
        """The period's index from the one holding 1970-01-01 (an int, good for window ranges)."""
        return wrap_col(_helpers(self).smvTimeToIndex())

    def smvTimeToLabel(self: Column) -> Column:  # type: ignore[misc]
        """The period's readable label: `2018-Q1`, `2018-01`, `2018-01-01`, `Week of 2018-01-01`."""
        return wrap_col(_helpers(self).smvTimeToLabel())

    def smvTimeToTimestamp(self: Column) -> Column:  # type: ignore[misc]
        """The period's first instant (midnight of its first day, the session's time zone)."""
        return wrap_col(_helpers(self).smvTimeToTimestamp())


install_when_ready(__name__)  # last: this module's classes exist now (see smv.helpers.install)
