"""Column helpers (smvIsAllIn, smvYear, smvPlusDays, ...): thin proxies over the Scala ones
(`smv.helpers.ColumnHelpers`), so both languages compute the same values."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pyspark.sql import Column

from smv.helpers.install import install_when_ready
from smv.helpers import arguments as args
from smv.helpers.convert import active_jvm, jvm_errors, to_seq, wrap_col
from smv.spark.jvm import jvm_class

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject

    _ColumnBase = Column
else:
    _ColumnBase = object


def _helper(c: Column) -> "JavaObject":
    return jvm_class(active_jvm(), "smv.helpers.ColumnHelpers")(c._jc)


def _delta(helper: str, n: Any) -> Any:
    """An int or a Column (as the JVM takes it)."""
    args.expect(args.integer(n) or isinstance(n, Column), helper, "n: int or Column", n)
    return n._jc if isinstance(n, Column) else n


class ColumnHelper(_ColumnBase):
    """Methods put on pyspark's Column by smv.helpers.install() (`self` is the Column)."""

    def smvGetColName(self) -> str:
        """The column's name (alias or attribute): `df.a.smvGetColName()` is "a"."""
        return str(_helper(self).smvGetColName())

    @jvm_errors
    def smvIsAllIn(self, *vals: Any) -> Column:
        """True when every element of this array column is in `vals`:
        `array(col("k"), col("v")).smvIsAllIn("a", "b")`."""
        return wrap_col(_helper(self).smvIsAllIn(to_seq(vals)))

    @jvm_errors
    def smvIsAnyIn(self, *vals: Any) -> Column:
        """True when some element of this array column is in `vals`."""
        return wrap_col(_helper(self).smvIsAnyIn(to_seq(vals)))

    def smvYear(self) -> Column:
        """The year of a timestamp."""
        return wrap_col(_helper(self).smvYear())

    def smvMonth(self) -> Column:
        """The month (1-12)."""
        return wrap_col(_helper(self).smvMonth())

    def smvQuarter(self) -> Column:
        """The quarter (1-4)."""
        return wrap_col(_helper(self).smvQuarter())

    def smvDayOfMonth(self) -> Column:
        """The day of the month (1-31)."""
        return wrap_col(_helper(self).smvDayOfMonth())

    def smvDayOfWeek(self) -> Column:
        """The day of the week, 1 (Monday) to 7 (Sunday)."""
        return wrap_col(_helper(self).smvDayOfWeek())

    def smvHour(self) -> Column:
        """The hour (0-23)."""
        return wrap_col(_helper(self).smvHour())

    @jvm_errors
    def smvPlusDays(self, n: int | Column) -> Column:
        """The timestamp n days later: `col("t").smvPlusDays(3)`."""
        return wrap_col(_helper(self).smvPlusDays(_delta("smvPlusDays", n)))

    @jvm_errors
    def smvPlusWeeks(self, n: int | Column) -> Column:
        """n weeks later."""
        return wrap_col(_helper(self).smvPlusWeeks(_delta("smvPlusWeeks", n)))

    @jvm_errors
    def smvPlusMonths(self, n: int | Column) -> Column:
        """n months later, the day clamped to the month's end."""
        return wrap_col(_helper(self).smvPlusMonths(_delta("smvPlusMonths", n)))

    @jvm_errors
    def smvPlusYears(self, n: int | Column) -> Column:
        """n years later."""
        return wrap_col(_helper(self).smvPlusYears(_delta("smvPlusYears", n)))

    @jvm_errors
    def smvStrToTimestamp(self, fmt: str) -> Column:
        """A string parsed with a datetime pattern: `col("dob").smvStrToTimestamp("yyyy-MM-dd")`."""
        args.expect(isinstance(fmt, str), "smvStrToTimestamp", "fmt: str", fmt)
        return wrap_col(_helper(self).smvStrToTimestamp(fmt))

    def smvDay70(self) -> Column:
        """Days since 1970-01-01 (from 0)."""
        return wrap_col(_helper(self).smvDay70())

    def smvMonth70(self) -> Column:
        """Months since 1970-01 (from 0)."""
        return wrap_col(_helper(self).smvMonth70())


install_when_ready(__name__)  # last: this module's classes exist now (see smv.helpers.install)
