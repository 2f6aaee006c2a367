"""The metrics document as typed values: what ``calculate`` computes and every renderer reads.

The text table (``report``), the audit playbook (``audit``), Amazon's own report (``amazon_report``) and the
JSON output all read these objects; ``to_json()`` is the only place that knows the JSON shape of
``python -m snippets metrics --format json`` (pinned byte for byte by tests/golden/).
Standard library only: nothing here needs numpy or pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from snippets.metrics.definitions import Target

if TYPE_CHECKING:
    import pandas as pd

    from snippets.orders.problems import Problem

Status = Literal["pass", "fail", "no_data"]


@dataclass(frozen=True)
class Window:
    """A metric's window: first and last calendar day, both included (ISO dates as JSON shows them)."""

    start: str
    end: str

    def to_json(self) -> dict[str, str]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class MetricResult:
    """One metric for one channel: its counts in the window, the target and what they mean."""

    id: str
    channel: str
    window: Window
    target: Target
    value: float | None = None
    numerator: int = 0
    denominator: int = 0
    status: Status = "no_data"
    headroom: int | None = None
    orders_needed: int | None = None  # None with status "fail": no number of good orders brings it back
    target_from: str | None = None  # ODR parts: the target is the ODR's
    notes: tuple[str, ...] = ()

    @property
    def at_edge(self) -> bool:
        """Passing, but one more order counting against it fails it."""
        return self.status == "pass" and self.headroom == 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "channel": self.channel, "value": self.value, "numerator": self.numerator,
            "denominator": self.denominator, "window": self.window.to_json(),
            "target": {"op": self.target.op, "value": self.target.value}, "status": self.status,
            "headroom": self.headroom, "orders_needed": self.orders_needed,
        }
        if self.target_from:
            out["target_from"] = self.target_from
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True)
class GroupCount:
    """One group of a breakdown column: orders counting against the metric, of the group's orders in window."""

    group: str
    count: int
    denominator: int
    rate: float
    share: float  # of all the orders counting against the metric

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "count": self.count, "denominator": self.denominator, "rate": self.rate,
                "share": self.share}


@dataclass(frozen=True)
class MetricBreakdown:
    id: str
    channel: str
    groups: tuple[GroupCount, ...]


@dataclass(frozen=True)
class Breakdown:
    """Which groups of column ``by`` hold the orders counting against each metric (largest first)."""

    by: str
    metrics: tuple[MetricBreakdown, ...]

    def to_json(self) -> dict[str, Any]:
        return {"by": self.by, "counts": "orders counting against each metric",
                "metrics": {f"{m.id}:{m.channel}": [g.to_json() for g in m.groups] for m in self.metrics}}


@dataclass(frozen=True)
class Rows:
    read: int
    orders: int
    rejected: int


@dataclass(frozen=True)
class Source:
    file: str
    encoding: str | None
    delimiter: str | None  # "tab" for a tab
    columns: dict[str, str]  # canonical field -> the file's header


@dataclass(frozen=True)
class MetricsReport:
    """The metrics document of one order file (``python -m snippets metrics``).

    ``breakdowns`` and ``trend`` are for the audit playbook and are not part of the JSON document;
    ``breakdown`` (the one asked for with ``--by``) is.
    """

    platform: str
    as_of: date
    tz: str
    rows: Rows
    metrics: tuple[MetricResult, ...]
    rejects: tuple[Problem, ...]
    conflicts: tuple[Problem, ...]
    notes: tuple[str, ...]
    source: Source
    breakdown: Breakdown | None = None
    breakdowns: tuple[Breakdown, ...] = ()
    trend: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    @property
    def failing(self) -> bool:
        return any(m.status == "fail" for m in self.metrics)

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "platform": self.platform, "as_of": self.as_of.isoformat(), "tz": self.tz,
            "rows": {"read": self.rows.read, "orders": self.rows.orders, "rejected": self.rows.rejected},
            "metrics": [m.to_json() for m in self.metrics],
            "rejects": [vars(p) for p in self.rejects],
            "conflicts": [vars(p) for p in self.conflicts],
            "notes": list(self.notes),
            "source": {"file": self.source.file, "encoding": self.source.encoding,
                       "delimiter": self.source.delimiter, "columns": self.source.columns},
        }
        if self.breakdown is not None:
            doc["breakdown"] = self.breakdown.to_json()
        return doc
