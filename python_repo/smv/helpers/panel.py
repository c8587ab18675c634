"""SMV's time panels (`smv.panel`): periods (Quarter, Month, Day, Week) and TimePanel(start, end).

Thin proxies over the JVM's `smv.helpers.panel` classes, which define every period's smvTime,
timeIndex, timeLabel and timeType once for both languages.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smv.helpers.convert import active_jvm, from_seq, jvm_errors
from smv.helpers.typed_args import check_int, check_str

if TYPE_CHECKING:
    from py4j.java_gateway import JavaObject


class PartialTime:
    """A period: a quarter, month, day or week (a proxy of the JVM's `PartialTime`)."""

    def __init__(self, jpt: "JavaObject") -> None:
        self._jpt = jpt

    def smvTime(self) -> str:
        """The period as its `smvTime` column carries it, e.g. `M201201`."""
        return str(self._jpt.smvTime())

    def timeIndex(self) -> int:
        """Periods since the one that holds 1970-01-01 (index 0)."""
        return int(self._jpt.timeIndex())

    def timeLabel(self) -> str:
        """The readable form, e.g. `2012-01`."""
        return str(self._jpt.timeLabel())

    def timeType(self) -> str:
        """The kind: quarter, month, day, week or week_start_on_<Day>."""
        return str(self._jpt.timeType())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PartialTime) and (self.timeType(), self.timeIndex()) == (other.timeType(), other.timeIndex())

    def __hash__(self) -> int:
        return hash((self.timeType(), self.timeIndex()))

    def __repr__(self) -> str:
        return str(self._jpt.toString())


class TimePanel:
    """The periods `start` to `end`, both included and of one kind (a proxy of the JVM's TimePanel):
    `TimePanel(Month(2012, 1), Month(2012, 12))`."""

    def __init__(self, start: PartialTime, end: PartialTime) -> None:
        for name, value in (("start", start), ("end", end)):
            if not isinstance(value, PartialTime):
                raise TypeError(f"TimePanel(start, end): {name} must be a period (Quarter, Month, Day or Week), "
                                f"not {type(value).__name__} {value!r}")
        self._jtp = _new("TimePanel", start._jpt, end._jpt)

    @property
    def start(self) -> PartialTime:
        return PartialTime(self._jtp.start())

    @property
    def end(self) -> PartialTime:
        return PartialTime(self._jtp.end())

    def smvTimes(self) -> list[str]:
        """The smvTime of every period of the panel, in order."""
        return [str(t) for t in from_seq(self._jtp.smvTimes())]

    def __repr__(self) -> str:
        return str(self._jtp.toString())


@jvm_errors
def _new(kind: str, *args: Any) -> "JavaObject":
    return getattr(active_jvm().smv.helpers.panel, kind)(*args)


def Quarter(year: int, quarter: int) -> PartialTime:
    """A calendar quarter: `Quarter(2012, 1)` is smvTime `Q201201`, timeLabel `2012-Q1`."""
    sig = "Quarter(year, quarter)"
    return PartialTime(_new("Quarter", check_int(sig, "year", year), check_int(sig, "quarter", quarter)))


def Month(year: int, month: int) -> PartialTime:
    """A calendar month: `Month(2012, 1)` is smvTime `M201201`, timeLabel `2012-01`."""
    sig = "Month(year, month)"
    return PartialTime(_new("Month", check_int(sig, "year", year), check_int(sig, "month", month)))


def Day(year: int, month: int, day: int) -> PartialTime:
    """A day: `Day(2012, 1, 2)` is smvTime `D20120102`, timeIndex 15341 (days since 1970-01-01)."""
    sig = "Day(year, month, day)"
    return PartialTime(_new("Day", check_int(sig, "year", year), check_int(sig, "month", month),
                            check_int(sig, "day", day)))


def Week(year: int, month: int, day: int, start_on: str = "Monday") -> PartialTime:
    """The week holding a day, starting on `start_on`: `Week(2012, 3, 4)` is `W20120227`,
    `Week(2012, 3, 4, "Sunday")` is `W(7)20120304` (timeType `week_start_on_Sunday`)."""
    sig = "Week(year, month, day, start_on)"
    return PartialTime(_new("Week", check_int(sig, "year", year), check_int(sig, "month", month),
                            check_int(sig, "day", day), check_str(sig, "start_on", start_on)))
