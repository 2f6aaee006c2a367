"""Due dates from the deadlines data file: calendar clocks count every hour, business clocks skip weekends
(public holidays are not known here, so a business-day due date may be a day early, never late)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from snippets.facts import Deadline


def due(start: pd.Series, deadline: Deadline) -> pd.Series:
    """When each case is due, from its start time."""
    start = pd.to_datetime(start, utc=True)
    if deadline.clock == "business" and deadline.unit == "days":
        ok = start.notna()
        days = start[ok].dt.tz_convert(None).dt.floor("D")
        moved = np.busday_offset(days.to_numpy().astype("datetime64[D]"), deadline.value, roll="forward")
        end = pd.to_datetime(moved).tz_localize("UTC") + pd.Timedelta(hours=23, minutes=59, seconds=59)
        out = pd.Series(pd.NaT, index=start.index, dtype="datetime64[ns, UTC]")
        out[ok] = end
        return out
    return start + pd.Timedelta(hours=deadline.hours())
