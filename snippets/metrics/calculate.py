"""The metric calculators: order flags, windows, status, headroom, breakdowns and daily trends.

Everything is vectorised over orders: an order file of a million orders is a few numpy passes.
Windows are inclusive runs of calendar days (UTC, or the ``tz`` given) ending ``offset_days`` before the
as-of day T; an order is in a metric's window when its anchor date (purchase, ship-by ...) falls in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from snippets.errors import UserError
from snippets.metrics.definitions import Metric, effective_target, platform_metrics
from snippets.metrics.headroom import assess, headroom_and_needed  # noqa: F401  (headroom_and_needed: re-exported)
from snippets.metrics.model import (
    Breakdown,
    GroupCount,
    MetricBreakdown,
    MetricResult,
    MetricsReport,
    Rows,
    Source,
    Window,
)
from snippets.orders.reader import OrderFile

NO_DAY = np.iinfo(np.int64).min  # anchor date missing: never in a window
EPOCH = date(1970, 1, 1)
TREND_DAYS = 90
ANCHORS = ("purchase_date", "latest_ship_date", "ship_date", "latest_delivery_date", "delivery_date")
# Columns each order flag needs; a metric whose flags lack a column is reported as no_data with a note.
NEEDS = {
    "not_cancelled": (), "shipped": ("ship_date",), "delivered": ("delivery_date",),
    "valid_tracking": ("ship_date", "tracking_number"),
    "defective": (), "negative_feedback": ("feedback_rating",), "a_to_z_claim": ("a_to_z_claim",),
    "chargeback": ("chargeback",), "late_shipment": ("latest_ship_date", "ship_date"),
    "seller_cancelled": (), "on_time_delivery": ("delivery_date", "latest_delivery_date"),
    "late_delivery": ("delivery_date", "latest_delivery_date"), "ebay_defect": (), "case_lost": ("a_to_z_claim",),
    "tracking_on_time": ("ship_date", "tracking_number", "latest_ship_date"),
}


def day_number(d: date) -> int:
    return (d - EPOCH).days


def day_date(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


def local_days(ts: np.ndarray, tz: str | None) -> np.ndarray:
    """Calendar day numbers (days since 1970-01-01) of UTC timestamps, in ``tz``; NO_DAY where missing."""
    if tz and tz != "UTC":
        idx = pd.DatetimeIndex(ts).tz_localize("UTC").tz_convert(tz).tz_localize(None)
        ts = idx.to_numpy().astype("datetime64[s]")
    days = ts.astype("datetime64[D]").astype(np.int64)
    return np.where(np.isnat(ts), NO_DAY, days)


@dataclass
class Prepared:
    """What the calculators need from an order file: channel masks, anchor days, order flags."""

    channel: dict[str, np.ndarray]
    days: dict[str, np.ndarray]
    flags: dict[str, np.ndarray]
    columns: set[str]
    notes: list[str]


def prepare(of: OrderFile, tz: str | None = None) -> Prepared:
    n, cols, v = of.n_orders, set(of.columns), of.values
    nat = np.full(n, np.datetime64("NaT"), "datetime64[s]")
    ts = {name: v.get(name, nat) for name in ANCHORS}
    days = {name: local_days(t, tz) for name, t in ts.items()}

    afn = of.equals("fulfillment_channel", "AFN")
    by_blank = of.blank("cancelled_by")
    cancelled = of.equals("order_status", "Cancelled") | (of.blank("order_status") & ~by_blank)
    shipped = ~np.isnat(ts["ship_date"])
    delivered = ~np.isnat(ts["delivery_date"])
    tracking = ~of.blank("tracking_number")
    scan = of.equals("carrier_scan", "true") if "carrier_scan" in cols else tracking
    valid_tracking = shipped & tracking & scan
    negative = v.get("feedback_rating", np.full(n, np.nan)) <= 2
    a_to_z = of.equals("a_to_z_claim", "open") | of.equals("a_to_z_claim", "granted")
    chargeback = of.equals("chargeback", "true")
    seller_cancelled = cancelled & (of.equals("cancelled_by", "seller") | of.equals("cancelled_by", "system")
                                    | by_blank)
    case_lost = of.equals("a_to_z_claim", "granted")
    flags = {
        "not_cancelled": ~cancelled, "shipped": shipped, "delivered": delivered, "valid_tracking": valid_tracking,
        "negative_feedback": negative, "a_to_z_claim": a_to_z, "chargeback": chargeback,
        "defective": negative | a_to_z | chargeback,
        # In a window ending on T every ship-by time is before the end of T, so an unshipped order is late.
        "late_shipment": ~shipped | (ts["ship_date"] > ts["latest_ship_date"]),
        "seller_cancelled": seller_cancelled,
        "on_time_delivery": delivered & (days["delivery_date"] <= days["latest_delivery_date"]),
        "late_delivery": delivered & (days["delivery_date"] > days["latest_delivery_date"]),
        "case_lost": case_lost, "ebay_defect": seller_cancelled | case_lost,
        "tracking_on_time": valid_tracking & (ts["ship_date"] <= ts["latest_ship_date"]),  # NaT compares False
    }
    notes = list(of.notes)
    if "carrier_scan" not in cols and "tracking_number" in cols:
        notes.append("no carrier-scan column: every tracking number counted as valid tracking")
    unknown_canceller = int((cancelled & by_blank).sum())
    if unknown_canceller:
        notes.append(f"{unknown_canceller} cancelled orders do not say who cancelled: counted as seller cancellations")
    return Prepared(channel={"MFN": ~afn, "AFN": afn}, days=days, flags=flags, columns=cols, notes=notes)


def missing_columns(metric: Metric, prep: Prepared) -> list[str]:
    """Columns the file lacks for this metric (alternatives joined with "or")."""
    needed = {metric.anchor, *(c for f in (*metric.population, metric.numerator) for c in NEEDS[f])}
    missing = sorted(c for c in needed if c not in prep.columns)
    either: list[tuple[str, ...]] = []
    if metric.numerator == "defective":
        either.append(("feedback_rating", "a_to_z_claim", "chargeback"))
    if metric.numerator in ("seller_cancelled", "ebay_defect") or "not_cancelled" in metric.population:
        either.append(("order_status", "cancelled_by"))
    missing += [" or ".join(alts) for alts in either if not prep.columns & set(alts)]
    return missing


@dataclass(frozen=True)
class MetricScope:
    """One metric for one channel at one as-of day: the columns it lacks, its window, and its orders.

    The one place that decides which orders a metric counts; the document, breakdowns and trends all use it.
    ``population``: the channel's orders the metric counts (whatever their date); ``in_window``: those whose
    anchor day falls in the window.
    """

    metric: Metric
    channel: str
    missing: tuple[str, ...]
    start: int
    end: int
    anchor: np.ndarray
    population: np.ndarray

    @property
    def in_window(self) -> np.ndarray:
        return self.population & (self.anchor >= self.start) & (self.anchor <= self.end)

    @property
    def window(self) -> Window:
        return Window(day_date(self.start).isoformat(), day_date(self.end).isoformat())


def scope(metric: Metric, prep: Prepared, channel: str, as_of: int) -> MetricScope:
    """The metric's window for as-of day number ``as_of`` and the orders it counts (see MetricScope).

    eBay-style metrics with a fallback period use it when the main window holds fewer than ``min_orders``.
    """
    mask = prep.channel[channel].copy()
    for f in metric.population:
        mask &= prep.flags[f]
    anchor = prep.days[metric.anchor]
    end = as_of - metric.offset_days
    days = metric.window_days
    if metric.fallback_days and metric.min_orders:
        if int((mask & (anchor >= end - days + 1) & (anchor <= end)).sum()) < metric.min_orders:
            days = metric.fallback_days
    return MetricScope(metric, channel, tuple(missing_columns(metric, prep)), end - days + 1, end, anchor, mask)


def compute_metric(metric: Metric, prep: Prepared, channel: str, as_of: int) -> MetricResult:
    """One metric for one channel at as-of day number ``as_of``."""
    s = scope(metric, prep, channel, as_of)
    target = effective_target(metric)
    base = MetricResult(id=metric.id, channel=channel, window=s.window, target=target,
                        target_from=metric.target_from)
    if s.missing:
        return replace(base, notes=(f"needs column(s): {', '.join(s.missing)}",))
    in_window = s.in_window
    den = int(in_window.sum())
    num = int((in_window & prep.flags[metric.numerator]).sum())
    if not den:
        return replace(base, numerator=num, denominator=den)
    a = assess(target, num, den)
    return replace(base, numerator=num, denominator=den, value=a.value, status=a.status, headroom=a.headroom,
                   orders_needed=a.orders_needed)


def metric_channels(metric: Metric, prep: Prepared) -> list[str]:
    """Channels to report: all the metric's channels that have orders (MFN always, so no metric goes missing)."""
    return [c for c in metric.channels if c == "MFN" or prep.channel[c].any()]


def default_as_of(of: OrderFile, tz: str | None) -> date:
    days = local_days(of.values["purchase_date"], tz)
    days = days[days != NO_DAY]
    if not len(days):
        raise UserError(f"{of.path}: no order has a purchase date; give --as-of YYYY-MM-DD.")
    return day_date(int(days.max()))


def as_of_reach(platform: str) -> int:
    """Days before as-of that any of the platform's windows reaches (longest window or fallback, plus offset)."""
    return max(max(m.window_days, m.fallback_days or 0) + m.offset_days for m in platform_metrics(platform))


def check_as_of(of: OrderFile, as_of: date, tz: str | None, platform: str = "amazon") -> None:
    """An as-of date with no order of the file in reach of any window is a mistake (1970-01-01, 9999-12-31 ...):
    every metric would say "no data" and a failing account would pass. Say so instead."""
    days = local_days(of.values["purchase_date"], tz)
    days = days[days != NO_DAY]
    t, reach = day_number(as_of), as_of_reach(platform)
    if not len(days) or not ((days <= t) & (days > t - reach)).any():
        span = f"from {day_date(int(days.min()))} to {day_date(int(days.max()))}" if len(days) else "without dates"
        raise UserError(f"--as-of {as_of.isoformat()}: no order of {of.path.name} was placed in the {reach} days "
                        f"up to that day, the longest window (its orders run {span}), so every metric would show "
                        "no data. Give an as-of date within the file's orders, or leave --as-of out.")


def compute_all(of: OrderFile, platform: str = "amazon", as_of: date | None = None, tz: str | None = None,
                prep: Prepared | None = None) -> MetricsReport:
    """Every metric of ``platform`` for the order file: the document of ``python -m snippets metrics``."""
    prep = prep or prepare(of, tz)
    as_of = as_of or default_as_of(of, tz)
    check_as_of(of, as_of, tz, platform)
    t = day_number(as_of)
    metrics = tuple(compute_metric(m, prep, c, t) for m in platform_metrics(platform)
                    for c in metric_channels(m, prep))
    return MetricsReport(
        platform=platform, as_of=as_of, tz=tz or "UTC",
        rows=Rows(read=of.rows_read, orders=of.n_orders, rejected=of.rows_rejected),
        metrics=metrics, rejects=tuple(of.rejects), conflicts=tuple(of.conflicts), notes=tuple(prep.notes),
        source=Source(file=str(of.path), encoding=of.encoding,
                      delimiter={"\t": "tab", None: None}.get(of.delimiter, of.delimiter), columns=of.columns),
    )


def breakdown(of: OrderFile, prep: Prepared, platform: str, as_of: date, by: str, top: int = 10) -> Breakdown:
    """For each metric with orders counting against it (defects, late or cancelled orders for "<" metrics;
    orders without valid tracking or on-time delivery for ">=" metrics): the groups of column ``by`` that hold
    them, largest first. An order with items in several groups (several SKUs) counts once in each of them."""
    if by in of.items:
        pairs = of.items[["order", by]].drop_duplicates()
        order_idx, group = pairs["order"].to_numpy(), pairs[by].to_numpy(dtype=object)
    elif by in of.orders:
        order_idx, group = np.arange(len(of.orders)), of.orders[by].to_numpy(dtype=object)
    else:
        raise UserError(f"--by {by}: no such column in {of.path.name}")
    group = np.where(pd.isna(group), "(blank)", group).astype(str)
    t = day_number(as_of)
    out = []
    for m in platform_metrics(platform):
        good_is_counted = effective_target(m).op in (">", ">=")
        for c in metric_channels(m, prep):
            s = scope(m, prep, c, t)
            if s.missing:
                continue
            in_window = s.in_window
            against = in_window & (~prep.flags[m.numerator] if good_is_counted else prep.flags[m.numerator])
            if not against.any():
                continue
            frame = pd.DataFrame({"group": group, "den": in_window[order_idx], "bad": against[order_idx]})
            agg = frame[frame["den"]].groupby("group").agg(count=("bad", "sum"), denominator=("den", "sum"))
            agg = agg[agg["count"] > 0].sort_values(["count", "denominator"], ascending=[False, True])
            total = int(against.sum())
            groups = tuple(
                GroupCount(group=str(g), count=int(r["count"]), denominator=int(r["denominator"]),
                           rate=round(r["count"] / r["denominator"], 6), share=round(r["count"] / total, 4))
                for g, r in agg.head(top).iterrows()
            )
            out.append(MetricBreakdown(m.id, c, groups))
    return Breakdown(by=by, metrics=tuple(out))


def daily_trend(of: OrderFile, platform: str = "amazon", as_of: date | None = None, tz: str | None = None,
                days: int = TREND_DAYS, prep: Prepared | None = None) -> pd.DataFrame:
    """Each metric's value on each of the ``days`` days ending on as-of (its window ending that day).

    Long format: date, id, channel, value (NaN without data), numerator, denominator, target_op, target_value.
    """
    prep = prep or prepare(of, tz)
    t = day_number(as_of or default_as_of(of, tz))
    ends = np.arange(t - days + 1, t + 1)
    frames = []
    for m in platform_metrics(platform):
        target = effective_target(m)
        for c in metric_channels(m, prep):
            s = scope(m, prep, c, t)  # eBay: the period that applies on as-of, throughout
            if s.missing:
                continue
            pop, anchor = s.population, s.anchor
            length = s.end - s.start + 1
            lo = ends[0] - m.offset_days - length + 1
            hi = ends[-1] - m.offset_days
            sel = pop & (anchor >= lo) & (anchor <= hi)
            span = hi - lo + 1
            den_daily = np.bincount(anchor[sel] - lo, minlength=span)
            num_daily = np.bincount(anchor[sel & prep.flags[m.numerator]] - lo, minlength=span)
            den_cum, num_cum = np.r_[0, np.cumsum(den_daily)], np.r_[0, np.cumsum(num_daily)]
            last = ends - m.offset_days - lo + 1  # exclusive index of each window's last day
            den = den_cum[last] - den_cum[last - length]
            num = num_cum[last] - num_cum[last - length]
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.where(den > 0, num / np.maximum(den, 1), np.nan)
            frames.append(pd.DataFrame({
                "date": pd.to_datetime([day_date(int(e)) for e in ends]), "id": m.id, "channel": c, "value": value,
                "numerator": num, "denominator": den, "target_op": target.op, "target_value": target.value,
            }))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["date", "id", "channel", "value", "numerator", "denominator", "target_op", "target_value"])


def run_metrics(file: Path | str, *, platform: str = "amazon", as_of: date | None = None, tz: str | None = None,
                mapping: list[str] | None = None, by: str | None = None, by_each: Sequence[str] = (),
                trend_days: int = 0) -> MetricsReport:
    """The metrics document for an order file; library entry point for the command and the notebooks.

    ``by``: the breakdown of ``--by`` (part of the JSON document). ``by_each``: a breakdown for each of these
    columns the file has (``breakdowns``); ``trend_days``: each metric's daily value (``trend``); both for the
    audit playbook.
    """
    from snippets.orders import parse_mapping, read_orders, resolve_column

    of = read_orders(file, tz=tz, mapping=parse_mapping(mapping), keep=[by] if by else [],
                     keep_if_present=tuple(by_each))
    prep = prepare(of, tz)
    as_of = as_of or default_as_of(of, tz)
    report = compute_all(of, platform, as_of, tz, prep=prep)
    return replace(
        report,
        breakdown=breakdown(of, prep, platform, as_of, resolve_column(of, by)) if by else None,
        breakdowns=tuple(breakdown(of, prep, platform, as_of, c) for c in by_each if c in of.item_values),
        trend=daily_trend(of, platform, as_of, tz, days=trend_days, prep=prep) if trend_days else None,
    )
