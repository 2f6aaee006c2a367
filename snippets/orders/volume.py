"""Orders per day by fulfilment channel, read with the same reader as the metrics (any export shape)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from snippets.errors import UserError
from snippets.metrics.calculate import local_days
from snippets.orders.reader import OrderFile, read_orders

MAX_DAYS = 3660  # a chart of more days than ten years is a mistake (99999999999 asked for 745 GiB)


def orders_per_day(orders_file: str | Path, days: int = 60, tz: str | None = None) -> tuple[pd.DataFrame, OrderFile]:
    """Orders placed on each of the last ``days`` calendar days of the file (days without orders count 0),
    one column per channel (MFN = seller-fulfilled, FBA), and the order file with its rows accounted for."""
    if isinstance(days, bool) or not isinstance(days, int | np.integer) or not 1 <= days <= MAX_DAYS:
        raise UserError(f"days={days!r}: give a whole number of days from 1 to {MAX_DAYS:,} (ten years).")
    of = read_orders(orders_file, tz=tz)
    day = local_days(of.values["purchase_date"], tz)  # rows without a purchase date were rejected by the reader
    channel = np.where(of.equals("fulfillment_channel", "AFN"), "FBA", "MFN")
    counts = pd.crosstab(day, channel)
    last = int(day.max())
    calendar = np.arange(last - days + 1, last + 1)
    table = counts.reindex(index=calendar, columns=["MFN", "FBA"], fill_value=0)
    table.index = pd.to_datetime(calendar, unit="D").date
    table.index.name = "day"
    table.columns.name = "channel"
    return table, of
