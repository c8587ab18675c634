"""SMV's module path for time panels: `import smv.panel as P; P.Month(2014, 1)` (see smv.helpers.panel)."""
from __future__ import annotations

from smv.helpers.panel import Day, Month, PartialTime, Quarter, TimePanel, Week

__all__ = ["Day", "Month", "PartialTime", "Quarter", "TimePanel", "Week"]
