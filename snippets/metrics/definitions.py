"""The metric definitions in ``snippets/data/metrics.yaml``: load, validate, and render as a docs table."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

from snippets.datafiles import load_yaml
from snippets.errors import UserError

METRICS_FILE = Path(__file__).resolve().parent.parent / "data" / "metrics.yaml"
CONFIDENCE = {
    "official": ("官方", "official"),
    "official_forum": ("官方论坛", "official forum"),
    "third_party": ("第三方", "third party"),
}
# Order flags a definition may use; the calculators in snippets/metrics/calculate.py provide each.
FLAGS = {
    "not_cancelled", "shipped", "delivered", "valid_tracking", "defective", "negative_feedback", "a_to_z_claim",
    "chargeback", "late_shipment", "seller_cancelled", "on_time_delivery", "late_delivery", "ebay_defect",
    "case_lost", "tracking_on_time",
}


@dataclass(frozen=True)
class Target:
    op: str
    value: float

    def met(self, numerator: int, denominator: int) -> bool:
        """Exact comparison (fractions, no float rounding at the edge)."""
        rate, goal = Fraction(numerator, denominator), Fraction(str(self.value))
        return {"<": rate < goal, "<=": rate <= goal, ">": rate > goal, ">=": rate >= goal}[self.op]


@dataclass(frozen=True)
class Metric:
    platform: str
    id: str
    name_zh: str
    name_en: str
    definition_zh: str
    definition_en: str
    channels: tuple[str, ...]
    population: tuple[str, ...]
    anchor: str
    numerator: str
    window_days: int
    offset_days: int
    fallback_days: int | None
    min_orders: int | None
    target: Target | None
    target_from: str | None
    applies_to: tuple[str, ...]
    source: str
    source_date: str | None
    confidence: str
    choice_zh: str
    choice_en: str
    page: str
    action_zh: str
    action_en: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def definition(self, lang: str) -> str:
        return self.definition_zh if lang == "zh" else self.definition_en

    def choice(self, lang: str) -> str:
        return self.choice_zh if lang == "zh" else self.choice_en

    def action(self, lang: str) -> str:
        return self.action_zh if lang == "zh" else self.action_en


@cache
def _metrics_file(path: Path = METRICS_FILE) -> dict:
    return load_yaml(path, "metrics")  # shape: snippets/data/schemas/metrics.schema.yaml


@cache
def load_metrics(path: Path = METRICS_FILE) -> dict[str, tuple[Metric, ...]]:
    """All platforms' metrics, validated; a broken entry names the entry and the problem."""
    raw = _metrics_file(path)
    out: dict[str, tuple[Metric, ...]] = {}
    for platform, block in raw["platforms"].items():
        metrics = []
        for entry in block["metrics"]:
            calc, window, target = entry["calc"], entry["window"], entry.get("target")
            unknown = [f for f in (*calc["population"], calc["numerator"]) if f not in FLAGS]
            if unknown:
                raise UserError(f"{path}: {platform}.{entry['id']}: the calculators know no order flag "
                                f"{', '.join(unknown)}; known: {', '.join(sorted(FLAGS))}")
            metrics.append(Metric(
                platform=platform, id=entry["id"], name_zh=entry["name_zh"], name_en=entry["name_en"],
                definition_zh=entry["definition_zh"], definition_en=entry["definition_en"],
                channels=tuple(entry["channels"]), population=tuple(calc["population"]), anchor=calc["anchor"],
                numerator=calc["numerator"], window_days=int(window["days"]),
                offset_days=int(window.get("offset_days", 0)), fallback_days=window.get("fallback_days"),
                min_orders=window.get("min_orders"),
                target=Target(target["op"], float(target["value"])) if target else None,
                target_from=entry.get("target_from"), applies_to=tuple(entry["applies_to"]),
                source=entry["source"], source_date=entry.get("source_date"), confidence=entry["confidence"],
                choice_zh=entry["choice_zh"], choice_en=entry["choice_en"],
                page=entry["page"], action_zh=entry["action_zh"], action_en=entry["action_en"],
            ))
        by_id = {m.id: m for m in metrics}
        for m in metrics:
            if m.target_from and m.target_from not in by_id:
                raise UserError(f"{path}: {platform}.{m.id}: target_from names unknown metric {m.target_from}")
        out[platform] = tuple(metrics)
    return out


def platform_metrics(platform: str) -> tuple[Metric, ...]:
    metrics = load_metrics()
    if platform not in metrics:
        raise UserError(f"unknown platform '{platform}'; known: {', '.join(metrics)}")
    return metrics[platform]


def effective_target(metric: Metric) -> Target:
    """The metric's own target, or the one it is judged against (ODR components use ODR's)."""
    if metric.target:
        return metric.target
    parent = next(m.target for m in platform_metrics(metric.platform) if m.id == metric.target_from)
    assert parent is not None, f"{metric.id}: target_from names a metric without a target"  # the loader checks it
    return parent


def format_target(target: Target) -> str:
    op = {"<=": "≤", ">=": "≥"}.get(target.op, target.op)
    return f"{op} {target.value * 100:g}%"


def platform_name(platform: str, lang: str) -> str:
    raw = _metrics_file()["platforms"][platform]
    return raw["name_zh"] if lang == "zh" else raw["name_en"]


def _window_text(m: Metric, lang: str) -> str:
    anchor = {
        "purchase_date": ("下单日期", "purchase date"), "latest_ship_date": ("最晚发货日期", "ship-by date"),
        "ship_date": ("发货日期", "ship date"), "latest_delivery_date": ("承诺送达日期", "promised delivery date"),
        "delivery_date": ("签收日期", "delivery date"),
    }[m.anchor][lang != "zh"]
    if lang == "zh":
        text = f"{m.window_days} 天，截至 T" + (f" 前 {m.offset_days} 天" if m.offset_days else "") + f"；按{anchor}"
        if m.fallback_days:
            text += f"；不足 {m.min_orders} 单时 {m.fallback_days} 天"
        return text
    text = f"{m.window_days} days ending " + (f"{m.offset_days} days before T" if m.offset_days else "on T")
    text += f"; by {anchor}"
    if m.fallback_days:
        text += f"; {m.fallback_days} days under {m.min_orders} orders"
    return text


def _links(source: str) -> str:
    """Sources one per line, each address as a link named by its site (full addresses make the table too wide)."""
    import re
    from urllib.parse import urlsplit

    def link(match: re.Match) -> str:
        return f"[{urlsplit(match.group(0)).netloc}]({match.group(0)})"

    return "<br>".join(re.sub(r"https?://\S+", link, p.strip()) for p in source.split(" ; "))


def metric_definitions_markdown(lang: str) -> str:
    """Docs content: per platform, a summary table (window, target, confidence), then each metric's
    definition, sources and our documented choices."""
    zh = lang == "zh"
    label = {"channels": "渠道", "definition": "定义", "source": "来源", "choice": "我们的取舍", "sep": "："} if zh else {
        "channels": "Channels", "definition": "Definition", "source": "Source", "choice": "Our choice", "sep": ": "}
    head = "| 指标 | 渠道 | 窗口 | 目标 | 可信度 |" if zh else "| Metric | Channels | Window | Target | Confidence |"
    out = []
    for platform, metrics in load_metrics().items():
        out += [f"### {platform_name(platform, lang)}", "", head, "|---|---|---|---|---|"]
        for m in metrics:
            if m.target:
                target = format_target(m.target)
            else:
                parent = next(p for p in metrics if p.id == m.target_from)
                goal = format_target(effective_target(m))
                target = (f"无单独目标（按{parent.name_zh} {goal} 判断）" if zh else
                          f"none of its own (judged against {parent.name_en}, {goal})")
            out.append(f"| {m.name(lang)} | {' / '.join(m.channels)} | {_window_text(m, lang)} | {target} | "
                       f"{CONFIDENCE[m.confidence][0 if zh else 1]} |")
        out.append("")
        for m in metrics:
            date = f" ({m.source_date})" if m.source_date else ""
            sources = _links(m.source).replace("<br>", "; ")
            out += [f"**{m.name(lang)}** `{m.id}`", "",
                    f"- {label['definition']}{label['sep']}{m.definition(lang)}",
                    f"- {label['source']}{label['sep']}{sources}{date}",
                    f"- {label['choice']}{label['sep']}{m.choice(lang)}", ""]
    return "\n".join(out)


# Which metrics answer the same question on each platform: (row label zh, row label en, {platform: [metric ids]}).
# A platform missing from a row has no metric of that kind in snippets/data/metrics.yaml.
COMPARISON_ROWS = [
    ("订单缺陷与纠纷", "Defects and claims",
     {"amazon": ["order_defect_rate", "a_to_z_claim_rate", "chargeback_rate"],
      "ebay": ["transaction_defect_rate", "cases_closed_without_seller_resolution"]}),
    ("差评", "Negative feedback", {"amazon": ["negative_feedback_rate"], "walmart": ["negative_feedback_rate"]}),
    ("卖家取消", "Seller cancellations", {"amazon": ["pre_fulfillment_cancel_rate"], "walmart": ["cancellation_rate"]}),
    ("迟发", "Late shipment", {"amazon": ["late_shipment_rate_10d", "late_shipment_rate_30d"], "ebay": ["late_shipment_rate"]}),
    ("追踪", "Tracking", {"amazon": ["valid_tracking_rate"], "ebay": ["tracking_uploaded_and_validated"],
                         "walmart": ["valid_tracking_rate"]}),
    ("准时送达", "On-time delivery", {"amazon": ["on_time_delivery_rate"], "walmart": ["on_time_delivery_rate"]}),
]


def _short_window(m: Metric, lang: str) -> str:
    if lang == "zh":
        text = f"{m.window_days} 天"
        return text + (f"（不足 {m.min_orders} 单时 {m.fallback_days} 天）" if m.fallback_days else "")
    text = f"{m.window_days} days"
    return text + (f" ({m.fallback_days} days under {m.min_orders} orders)" if m.fallback_days else "")


def platform_comparison_markdown(lang: str) -> str:
    """Docs content: Amazon, eBay and Walmart standards side by side (one row per kind of metric, each cell the
    metric's name, target and window), then each platform's sources. Everything comes from metrics.yaml."""
    zh = lang == "zh"
    metrics = load_metrics()
    by_id = {(p, m.id): m for p, ms in metrics.items() for m in ms}
    platforms = list(metrics)
    used = {(p, i) for _, _, cells in COMPARISON_ROWS for p, ids in cells.items() for i in ids}
    unknown = sorted(f"{p}.{i}" for p, i in used if (p, i) not in by_id)
    if unknown:
        raise UserError(f"platform comparison names metrics not in {METRICS_FILE}: {', '.join(unknown)}")
    head = "| " + ("指标类别" if zh else "What is measured") + " | " + " | ".join(
        platform_name(p, lang) for p in platforms) + " |"
    out = [head, "|---" * (len(platforms) + 1) + "|"]
    for label_zh, label_en, cells in COMPARISON_ROWS:
        row = [label_zh if zh else label_en]
        for p in platforms:
            parts = []
            for metric_id in cells.get(p, []):
                m = by_id[(p, metric_id)]
                target = format_target(effective_target(m))
                if not m.target and m.target_from:
                    target = (f"按{by_id[(p, m.target_from)].name_zh} 判断（{target}）" if zh
                              else f"judged by {by_id[(p, m.target_from)].name_en} ({target})")
                flag = "" if m.confidence == "official" else f" ⚠ {CONFIDENCE[m.confidence][0 if zh else 1]}"
                parts.append(f"**{m.name(lang)}** {target} · {_short_window(m, lang)}{flag}")
            row.append("<br>".join(parts) if parts else "—")
        out.append("| " + " | ".join(row) + " |")
    out += ["", ("“—”表示该平台在我们的数据里没有这一类指标。⚠ 表示目标值不是来自平台的官方页面。" if zh else
                 "“—” means our data has no metric of that kind for the platform. ⚠ marks a target that does not "
                 "come from the platform's own pages."), ""]
    notes = [m for p in platforms if p != "amazon" for m in metrics[p]]
    out += ["**" + ("eBay 和沃尔玛的数字怎么读" if zh else "Reading the eBay and Walmart figures") + "**", ""]
    out += [f"- {platform_name(m.platform, lang)} · {m.name(lang)}{'：' if zh else ': '}{m.choice(lang)}" for m in notes]
    out += ["", "**来源**" if zh else "**Sources**", ""]
    for p in platforms:
        seen: list[str] = []
        for m in metrics[p]:
            for part in m.source.split(" ; "):
                if part.strip() not in seen:
                    seen.append(part.strip())
        out.append(f"- {platform_name(p, lang)}{'：' if zh else ': '}" + "; ".join(_links(s) for s in seen))
    return "\n".join(out) + "\n"
