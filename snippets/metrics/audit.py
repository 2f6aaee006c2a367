"""The account-health audit, as the playbook shows it: tables, trend charts with target lines, contributors,
and an action list linking the handbook. The notebook only calls these."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from snippets.metrics.definitions import platform_metrics

if TYPE_CHECKING:
    from snippets.metrics.model import MetricsReport

BREAKDOWN_COLUMNS = ("sku", "carrier", "ship_from")
TEXT: dict[str, dict[str, Any]] = {
    "zh": {"metric": "指标", "channel": "渠道", "value": "数值", "target": "目标", "status": "状态",
           "count": "分子/分母", "window": "窗口", "room": "余量 / 缺口", "by": "拆分维度", "group": "组",
           "against": "拖累订单", "orders": "组内订单", "share": "占比", "fail": "未达标，需处理",
           "edge": "处在临界：再多一单就会超标", "ok": "所有指标都达标，且留有余量。", "see": "参见",
           "headroom": "还可承受的缺陷数", "needed": "需新增的合格订单"},
    "en": {"metric": "Metric", "channel": "Channel", "value": "Value", "target": "Target", "status": "Status",
           "count": "Count", "window": "Window", "room": "Headroom / needed", "by": "By", "group": "Group",
           "against": "Against", "orders": "Orders in group", "share": "Share", "fail": "failing, act now",
           "edge": "at the edge: one more counts and it fails", "ok": "Every metric passes with room to spare.",
           "see": "see", "headroom": "More that can fail",
           "needed": "Good orders needed"},
}
PAGE_TITLES = {"disputes/": ("纠纷处理", "Disputes"), "orders-returns/": ("订单与退货", "Orders and returns"),
               "account-health/": ("账户健康", "Account health")}


def run_audit(orders_file: Path | str, platform: str = "amazon", as_of: date | str | None = None,
              tz: str | None = None, mapping: list[str] | None = None) -> MetricsReport:
    """Everything the playbook shows: the metrics document, one breakdown per dimension present
    (``breakdowns``), the daily trend (``trend``)."""
    from snippets.metrics.calculate import TREND_DAYS, run_metrics
    from snippets.orders.values import as_of_day

    as_of = day.date() if (day := as_of_day(as_of)) is not None else None  # garbage: a UserError, not ValueError
    return run_metrics(orders_file, platform=platform, as_of=as_of, tz=tz, mapping=mapping,
                       by_each=BREAKDOWN_COLUMNS, trend_days=TREND_DAYS)


def data_quality(report: MetricsReport, lang: str = "zh") -> str:
    """What happened to every input row, as the CLI prints it below its table."""
    from snippets.metrics.report import data_quality_lines

    lines = data_quality_lines(report, lang)
    return "\n".join(lines).strip() or ("所有行均已使用。" if lang == "zh" else "Every row was used.")


def metric_table(report: MetricsReport, lang: str = "zh") -> pd.DataFrame:
    """The metric table, one row per metric and channel, as the CLI prints it."""
    from snippets.metrics.report import metric_rows

    rows = metric_rows(report.metrics, report.platform, lang)
    return pd.DataFrame(rows[1:], columns=rows[0])


def show(table: pd.DataFrame):
    """A table for the notebook page: no row numbers, failing statuses in red."""
    from snippets.metrics.report import TEXT as CLI_TEXT

    fails = {CLI_TEXT[lang]["status"]["fail"] for lang in CLI_TEXT}
    passes = {CLI_TEXT[lang]["status"]["pass"] for lang in CLI_TEXT}

    def colour(value):
        return "color: #c62828; font-weight: bold" if value in fails else "color: #2e7d32" if value in passes else ""

    # values come from the user's file (SKUs, carriers, warehouses): escaped, headers too
    return (table.style.hide(axis="index").format(escape="html", na_rep="").format_index(escape="html", axis=1)
            .map(colour))


def headroom_table(report: MetricsReport, lang: str = "zh") -> pd.DataFrame:
    """Per metric: how many more can count against it and still pass, or how many good orders it needs."""
    from snippets.metrics.report import TEXT as CLI_TEXT

    t, labels = TEXT[lang], CLI_TEXT[lang]["status"]
    names = {m.id: m.name(lang) for m in platform_metrics(report.platform)}
    rows = [{t["metric"]: names[m.id], t["channel"]: m.channel, t["status"]: labels[m.status],
             t["headroom"]: m.headroom, t["needed"]: m.orders_needed}
            for m in report.metrics if not m.target_from]
    return pd.DataFrame(rows)


def contributors(report: MetricsReport, lang: str = "zh", top: int = 3) -> pd.DataFrame:
    """For each failing or edge metric, the top groups of each dimension counting against it."""
    t = TEXT[lang]
    names = {m.id: m.name(lang) for m in platform_metrics(report.platform)}
    watch = {(m.id, m.channel) for m in report.metrics if m.status == "fail" or m.at_edge}
    rows = []
    for bd in report.breakdowns:
        for mb in bd.metrics:
            if (mb.id, mb.channel) not in watch:
                continue
            rows += [{t["metric"]: names[mb.id], t["channel"]: mb.channel, t["by"]: bd.by, t["group"]: g.group,
                      t["against"]: g.count, t["orders"]: g.denominator, t["share"]: f"{g.share:.0%}"}
                     for g in mb.groups[:top]]
    return pd.DataFrame(rows, columns=[t[k] for k in ("metric", "channel", "by", "group", "against", "orders",
                                                      "share")])


def action_list(report: MetricsReport, lang: str = "zh", link_prefix: str = "../../") -> str:
    """Markdown: what to do for each failing or edge metric, linking the handbook page for it."""
    t = TEXT[lang]
    metrics = {m.id: m for m in platform_metrics(report.platform)}
    lines = []
    for m in report.metrics:
        if m.status == "fail":
            state = t["fail"]
        elif m.at_edge:
            state = t["edge"]
        else:
            continue
        d = metrics[m.id]
        title = PAGE_TITLES.get(d.page, (d.page, d.page))[lang != "zh"]
        link = f"[{title}]({link_prefix}{d.page})"
        if lang == "zh":
            lines.append(f"- **{d.name(lang)} · {m.channel}**：{state}。{d.action(lang)}（{t['see']}{link}）")
        else:
            lines.append(f"- **{d.name(lang)} · {m.channel}**: {state}. {d.action(lang)} ({t['see']} {link})")
    return "\n".join(lines) if lines else t["ok"]


def plot_trends(trend: pd.DataFrame, platform: str = "amazon", lang: str = "en"):
    """Small multiples of each watched metric's daily value, with its target as a dashed line."""
    import matplotlib.pyplot as plt

    from snippets.playbooks.display import use_language_font

    use_language_font(lang)

    # ODR components stay in the table; the charts show the metrics with targets of their own.
    watched = [m.id for m in platform_metrics(platform) if not m.target_from]
    names = {m.id: m.name_zh if lang == "zh" else m.name_en for m in platform_metrics(platform)}
    keys = [(i, c) for i in watched for c in ("MFN", "AFN") if ((trend["id"] == i) & (trend["channel"] == c)).any()]
    if not keys:  # no metric has the columns it needs: say so instead of drawing an empty grid
        fig, ax = plt.subplots(figsize=(10, 1.2))
        ax.axis("off")
        ax.text(0.5, 0.5, "No metric has data in this file (see the notes above)", ha="center", va="center")
        return fig
    cols = 2
    fig, axes = plt.subplots((len(keys) + 1) // cols, cols, figsize=(10, 2.4 * ((len(keys) + 1) // cols)),
                             squeeze=False, sharex=True)
    for ax, (metric_id, channel) in zip(axes.flat, keys, strict=False):
        part = trend[(trend["id"] == metric_id) & (trend["channel"] == channel)]
        ax.plot(part["date"], part["value"] * 100, color="tab:blue")
        ax.axhline(part["target_value"].iloc[0] * 100, color="tab:red", linestyle="--", linewidth=1)
        ax.set_title(f"{names[metric_id]} · {channel}", fontsize=9)
        ax.set_ylabel("%")
        ax.tick_params(axis="x", labelrotation=30, labelsize=7)
    for ax in list(axes.flat)[len(keys):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig
