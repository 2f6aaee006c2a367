"""Single policy values in running text. A page writes ``<!-- fact: KEY -->`` and the build puts the value,
worded for the page's language, in its place, so a sentence can name a threshold without retyping it.

Keys:
  metrics.PLATFORM.METRIC.target   e.g. "below 1%" / "低于 1%"    (snippets/data/metrics.yaml)
  metrics.PLATFORM.METRIC.window   e.g. "60 days" / "60 天"
  deadlines.ID                     e.g. "72 hours" / "72 小时"  (snippets/data/deadlines.yaml)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from snippets.datafiles import load_yaml
from snippets.errors import UserError

DEADLINES_FILE = Path(__file__).resolve().parent / "data" / "deadlines.yaml"
TOKEN = re.compile(r"<!--\s*fact:\s*([\w.-]+)\s*-->")
UNITS = {"hours": ("小时", "hour", "hours"), "days": ("天", "day", "days")}
OPS = {"<": ("低于", "below"), "<=": ("不高于", "at most"), ">": ("高于", "above"), ">=": ("不低于", "at least")}


@dataclass(frozen=True)
class Deadline:
    id: str
    platform: str
    name_zh: str
    name_en: str
    minimum: int | None  # None for a single value
    value: int  # the value, or the maximum of a range
    unit: str
    starts_zh: str
    starts_en: str
    clock: str
    consequence_zh: str
    consequence_en: str
    source: str
    source_date: str | None
    confidence: str
    page: str

    def hours(self) -> int:
        """The (latest) limit in hours, for due-date arithmetic."""
        return self.value * (24 if self.unit == "days" else 1)

    def text(self, lang: str) -> str:
        zh_unit, one, many = UNITS[self.unit]
        if lang == "zh":
            return f"{self.minimum}–{self.value} {zh_unit}" if self.minimum is not None else f"{self.value} {zh_unit}"
        if self.minimum is not None:
            return f"{self.minimum}–{self.value} {many}"
        return f"{self.value} {one if self.value == 1 else many}"


@cache
def load_deadlines(path: Path = DEADLINES_FILE) -> dict[str, Deadline]:
    """Every deadline by id; a broken entry fails with the file, the entry and the problem."""
    raw = load_yaml(path, "deadlines")  # shape: snippets/data/schemas/deadlines.schema.yaml
    out: dict[str, Deadline] = {}
    for entry in raw["deadlines"]:
        duration = entry["duration"]
        value, low = duration.get("value", duration.get("max")), duration.get("min")
        where = f"{path}: deadline {entry['id']}"
        if low is not None and not low < value:
            raise UserError(f"{where}: duration range needs min < max")
        if entry["id"] in out:
            raise UserError(f"{where}: duplicate id")
        out[entry["id"]] = Deadline(
            id=entry["id"], platform=entry["platform"], name_zh=entry["name_zh"], name_en=entry["name_en"],
            minimum=low, value=value, unit=duration["unit"], starts_zh=entry["starts_zh"], starts_en=entry["starts_en"],
            clock=entry["clock"], consequence_zh=entry["consequence_zh"], consequence_en=entry["consequence_en"],
            source=entry["source"], source_date=entry.get("source_date"), confidence=entry["confidence"],
            page=entry["page"])
    return out


def fact(key: str, lang: str) -> str:
    """The value behind a fact key, worded for ``lang`` ("zh" or "en"); unknown keys raise UserError."""
    from snippets.metrics.definitions import effective_target, load_metrics

    parts = key.split(".")
    if parts[0] == "deadlines" and len(parts) == 2 and parts[1] in load_deadlines():
        return load_deadlines()[parts[1]].text(lang)
    if parts[0] == "metrics" and len(parts) == 4:
        _, platform, metric_id, field = parts
        metric = next((m for m in load_metrics().get(platform, ()) if m.id == metric_id), None)
        if metric and field == "target":
            target = effective_target(metric)
            word = OPS[target.op][0 if lang == "zh" else 1]
            return f"{word} {target.value * 100:g}%"
        if metric and field == "window":
            return f"{metric.window_days} 天" if lang == "zh" else f"{metric.window_days} days"
    raise UserError(f"unknown fact key '{key}': use metrics.PLATFORM.METRIC.target|window or deadlines.ID "
                    f"(deadlines: {', '.join(sorted(load_deadlines()))})")


def render_facts(markdown: str, lang: str) -> str:
    """Replace every ``<!-- fact: KEY -->`` in a page."""
    return TOKEN.sub(lambda m: fact(m.group(1), lang), markdown)
