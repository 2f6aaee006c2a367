"""Status and headroom for one window's counts: standard library only, so the site's what-if calculator runs
this same module in the browser (Pyodide) that ``compute_metric`` and ``python -m snippets whatif`` run."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from snippets.errors import UserError
from snippets.metrics.definitions import Target, effective_target, platform_metrics


def headroom_and_needed(target: Target, num: int, den: int) -> tuple[int, int]:
    """(headroom, orders_needed) for a window with ``num`` of ``den`` orders counted.

    For "<"/"<=" metrics (defects): headroom = more defects among these orders that still pass;
    orders_needed = more defect-free orders that would bring a failing rate back to target.
    For ">"/">=" metrics (good events): headroom = counted good orders that may still turn bad and pass;
    orders_needed = more good orders (valid shipments, on-time deliveries) needed to reach target.
    """
    v = Fraction(str(target.value))
    if target.op in ("<", "<="):
        most = math.floor(v * den) if target.op == "<=" else math.ceil(v * den) - 1  # largest passing numerator
        headroom = max(0, most - num)
        if num == 0 or target.met(num, den):
            return headroom, 0
        if v == 0:
            return 0, -1
        least_den = math.ceil(num / v) if target.op == "<=" else math.floor(num / v) + 1
        return 0, max(0, least_den - den)
    least = math.ceil(v * den) if target.op == ">=" else math.floor(v * den) + 1  # smallest passing numerator
    if target.met(num, den):
        return max(0, num - least), 0
    if v >= 1:
        return 0, -1
    gap = v * den - num  # need x with (num + x) / (den + x) >= v, i.e. x >= gap / (1 - v)
    x = gap / (1 - v)
    need = math.ceil(x) if target.op == ">=" else math.floor(x) + 1
    return 0, max(0, need)


@dataclass(frozen=True)
class Assessment:
    """What ``num`` of ``den`` orders mean against a target (orders_needed None: no number of good orders can
    bring it back)."""

    value: float
    status: Literal["pass", "fail"]
    headroom: int
    orders_needed: int | None


def assess(target: Target, num: int, den: int) -> Assessment:
    """Rate, status, headroom and orders needed for ``num`` of ``den`` orders (``den`` > 0)."""
    headroom, needed = headroom_and_needed(target, num, den)
    return Assessment(value=round(num / den, 6), status="pass" if target.met(num, den) else "fail",
                      headroom=headroom, orders_needed=None if needed < 0 else needed)


MAX_ORDERS = 10**9  # far beyond any store's orders in a metric's window: a bigger count is a typing slip


def what_if(platform: str, metric_id: str, numerator: int, denominator: int) -> dict:
    """A metric's status for counts typed in by hand: ``numerator`` counted orders (defects, late shipments,
    valid tracking ...) of ``denominator`` orders in its window. Bad counts raise UserError."""
    metric = next((m for m in platform_metrics(platform) if m.id == metric_id), None)
    if metric is None:
        known = ", ".join(m.id for m in platform_metrics(platform))
        raise UserError(f"unknown metric {metric_id!r} for {platform}; known: {known}")
    for name, value in (("orders", denominator), ("count", numerator)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UserError(f"{name} must be a whole number of orders, 0 or more (got {value!r})")
        if value > MAX_ORDERS:
            got = f"{value:,}" if value < 10**15 else f"a number of {len(str(value))} digits"
            raise UserError(f"{name}: at most {MAX_ORDERS:,} (got {got})")
    if numerator > denominator:
        raise UserError(f"the count ({numerator}) cannot be larger than the orders in the window ({denominator})")
    target = effective_target(metric)
    result = {"platform": platform, "id": metric.id, "numerator": numerator, "denominator": denominator,
              "target": {"op": target.op, "value": target.value}, "window_days": metric.window_days,
              "value": None, "status": "no_data", "headroom": None, "orders_needed": None}
    if metric.target_from:
        result["target_from"] = metric.target_from
    if denominator:
        a = assess(target, numerator, denominator)
        result.update(value=a.value, status=a.status, headroom=a.headroom, orders_needed=a.orders_needed)
    return result
