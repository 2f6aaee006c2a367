"""Single policy values in running text. A page writes ``<!-- fact: KEY -->`` and the build puts the value,
worded for the page's language, in its place, so a sentence can name a threshold without retyping it.

Keys:
  metrics.PLATFORM.METRIC.target   e.g. "below 1%" / "低于 1%"    (snippets/data/metrics.yaml)
  metrics.PLATFORM.METRIC.window   e.g. "60 days" / "60 天"
  deadlines.ID                     e.g. "72 hours" / "72 小时"  (snippets/data/deadlines.yaml)
  targets.PLATFORM.ID.target       e.g. "below 5%" / "低于 5%"  (snippets/data/report_targets.yaml: targets we
  targets.PLATFORM.ID.window       cannot compute from an order export, e.g. the Invoice Defect Rate)

``deadlines_markdown(lang)`` renders every deadline for the deadlines page (generated block "deadlines").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from snippets.datafiles import load_yaml
from snippets.errors import UserError
from snippets.markets import PLATFORMS

DEADLINES_FILE = Path(__file__).resolve().parent / "data" / "deadlines.yaml"
TARGETS_FILE = Path(__file__).resolve().parent / "data" / "report_targets.yaml"
TOKEN = re.compile(r"<!--\s*fact:\s*([\w.-]+)\s*-->")
UNITS = {"hours": ("小时", "hour", "hours"), "days": ("天", "day", "days"), "months": ("个月", "month", "months")}
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
        """The (latest) limit in hours, for due-date arithmetic (a month counts as 31 days)."""
        return self.value * {"hours": 1, "days": 24, "months": 24 * 31}[self.unit]

    def text(self, lang: str) -> str:
        zh_unit, one, many = UNITS[self.unit]
        if self.clock == "business" and self.unit == "days":
            zh_unit, one, many = "个工作日", "business day", "business days"
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


@dataclass(frozen=True)
class ReportTarget:
    platform: str
    id: str
    name_zh: str
    name_en: str
    op: str
    value: float
    unit: str  # rate (a fraction) or points
    window_days: int | None
    note_zh: str
    note_en: str
    source: str
    source_date: str | None
    confidence: str

    def text(self, lang: str) -> str:
        word = OPS[self.op][0 if lang == "zh" else 1]
        if self.unit == "points":
            return f"{word} {self.value:g} 分" if lang == "zh" else f"{word} {self.value:g} points"
        return f"{word} {self.value * 100:g}%"


@cache
def load_report_targets(path: Path = TARGETS_FILE) -> dict[str, ReportTarget]:
    """Targets read off the marketplaces' dashboards, keyed "PLATFORM.ID"; a broken entry names itself."""
    raw = load_yaml(path, "report_targets")  # shape: snippets/data/schemas/report_targets.schema.yaml
    out: dict[str, ReportTarget] = {}
    for platform, entries in raw["targets"].items():
        for n, entry in enumerate(entries):
            key = f"{platform}.{entry['id']}"
            if key in out:
                raise UserError(f"{path}: targets.{platform}[{n}] ({entry['id']}): duplicate id")
            target = entry["target"]
            out[key] = ReportTarget(
                platform=platform, id=entry["id"], name_zh=entry["name_zh"], name_en=entry["name_en"], op=target["op"],
                value=float(target["value"]), unit=target["unit"], window_days=entry.get("window_days"),
                note_zh=entry["note_zh"], note_en=entry["note_en"], source=entry["source"],
                source_date=entry.get("source_date"), confidence=entry["confidence"])
    return out


def fact(key: str, lang: str) -> str:
    """The value behind a fact key, worded for ``lang`` ("zh" or "en"); unknown keys raise UserError."""
    from snippets.metrics.definitions import effective_target, load_metrics

    parts = key.split(".")
    if parts[0] == "deadlines" and len(parts) == 2 and parts[1] in load_deadlines():
        return load_deadlines()[parts[1]].text(lang)
    if parts[0] == "targets" and len(parts) == 4 and f"{parts[1]}.{parts[2]}" in load_report_targets():
        target = load_report_targets()[f"{parts[1]}.{parts[2]}"]
        if parts[3] == "target":
            return target.text(lang)
        if parts[3] == "window" and target.window_days:
            return f"{target.window_days} 天" if lang == "zh" else f"{target.window_days} days"
    if parts[0] == "metrics" and len(parts) == 4:
        _, platform, metric_id, field = parts
        metric = next((m for m in load_metrics().get(platform, ()) if m.id == metric_id), None)
        if metric and field == "target":
            goal = effective_target(metric)
            word = OPS[goal.op][0 if lang == "zh" else 1]
            return f"{word} {goal.value * 100:g}%"
        if metric and field == "window":
            return f"{metric.window_days} 天" if lang == "zh" else f"{metric.window_days} days"
    if parts[0] == "tool" and len(parts) == 2 and parts[1] in _TOOL_LIMITS:
        return _TOOL_LIMITS[parts[1]](lang)
    raise UserError(f"unknown fact key '{key}': use metrics.PLATFORM.METRIC.target|window, tool.NAME, "
                    f"targets.PLATFORM.ID.target|window or deadlines.ID "
                    f"(deadlines: {', '.join(sorted(load_deadlines()))}; targets: {', '.join(sorted(load_report_targets()))})")


HAN = re.compile(r"[\u4e00-\u9fff]")


def render_facts(markdown: str, lang: str) -> str:
    """Replace every ``<!-- fact: KEY -->`` in a page. In Chinese, a value that starts or ends with a digit or
    Latin letter gets a space against a neighbouring Han character ("过后 3 天", "低于 1% 的"), as the pages do."""
    def value(match: re.Match) -> str:
        text = fact(match.group(1), lang)
        if lang == "zh":
            before = markdown[match.start() - 1: match.start()]
            after = markdown[match.end(): match.end() + 1]
            if re.match(r"[0-9A-Za-z]", text) and HAN.match(before):
                text = " " + text
            if re.search(r"[0-9A-Za-z%]$", text) and HAN.match(after):
                text += " "
        return text

    return TOKEN.sub(value, markdown)


_PLATFORM_NAMES = {"amazon": ("亚马逊", "Amazon"), "ebay": ("eBay", "eBay"), "walmart": ("沃尔玛", "Walmart")}
_CONFIDENCE_NAMES = {"official": ("官方", "official"), "official_forum": ("官方论坛", "official forum"),
                     "third_party": ("仅第三方", "third party only")}


def _page_link(page: str) -> str:
    """A deadline's `page` (a path under the language root) as a link from a page one folder deep."""
    return "../" + (page + "index.md" if page.endswith("/") else page)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def deadlines_markdown(lang: str) -> str:
    """Docs content for the deadlines page (a page one folder below the language root): per platform a summary
    table, then one heading per deadline (search lands on it) with when the clock starts, what a miss costs, the
    page that says what to do, and the source with its confidence."""
    zh = lang == "zh"
    names = {"starts": "起算", "clock": "计时", "miss": "逾期后果", "what": "怎么做", "source": "来源",
             "sep": "：", "calendar": "自然日（周末、节假日照算）", "business": "工作日",
             "head": "| 期限 | 时限 | 起算 | 可信度 |", "see": "处理步骤"} if zh else {
             "starts": "Clock starts", "clock": "Clock", "miss": "If missed", "what": "What to do", "source": "Source",
             "sep": ": ", "calendar": "calendar (weekends and holidays count)", "business": "business days",
             "head": "| Deadline | Limit | Clock starts | Confidence |", "see": "the steps"}
    out: list[str] = []
    deadlines = list(load_deadlines().values())
    for platform in PLATFORMS:
        group = [d for d in deadlines if d.platform == platform]
        if not group:
            continue
        out += [f"## {_PLATFORM_NAMES[platform][0 if zh else 1]}", "", names["head"], "|---|---|---|---|"]
        for d in group:
            name = d.name_zh if zh else d.name_en
            out.append(f"| [{_cell(name)}](#{d.id}) | {d.text(lang)} | {_cell(d.starts_zh if zh else d.starts_en)} | "
                       f"{_CONFIDENCE_NAMES[d.confidence][0 if zh else 1]} |")
        out.append("")
        for d in group:
            date = f" ({d.source_date})" if d.source_date else ""
            sources = "; ".join(f"<{url.strip()}>" if url.strip().startswith("http") and " " not in url.strip()
                                else url.strip() for url in d.source.split(" ; "))
            out += [f"### {d.name_zh if zh else d.name_en} {{#{d.id}}}", "",
                    f"- **{d.text(lang)}**，{names['clock']}{names['sep']}{names[d.clock]}" if zh else
                    f"- **{d.text(lang)}**, {names['clock'].lower()}{names['sep']}{names[d.clock]}",
                    f"- {names['starts']}{names['sep']}{d.starts_zh if zh else d.starts_en}",
                    f"- {names['miss']}{names['sep']}{d.consequence_zh if zh else d.consequence_en}",
                    f"- {names['what']}{names['sep']}[{names['see']}]({_page_link(d.page)})",
                    f"- {names['source']}{names['sep']}{sources}{date} · "
                    f"{_CONFIDENCE_NAMES[d.confidence][0 if zh else 1]}", ""]
    return "\n".join(out)


def _max_reject_share(lang: str) -> str:
    from snippets.orders.reader import MAX_REJECT_SHARE

    return f"{MAX_REJECT_SHARE * 100:g}%"


def _max_message_chars(lang: str) -> str:
    from snippets.messages.limits import MAX_MESSAGE_CHARS

    return f"{MAX_MESSAGE_CHARS:,}"


# Our own tools' limits, so that the docs never retype them either (`<!-- fact: tool.NAME -->`).
_TOOL_LIMITS = {"max_reject_share": _max_reject_share, "max_message_chars": _max_message_chars}
