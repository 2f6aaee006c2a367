"""The metrics document as text: the metric table, data quality and breakdowns, in Chinese or English."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wcwidth import wcswidth

if TYPE_CHECKING:
    from snippets.metrics.model import MetricResult, MetricsReport

TEXT: dict[str, dict[str, Any]] = {
    "zh": {
        "title": "账户健康指标 · {platform} · 截至 {as_of}（{tz}）· 文件 {file}",
        "rows": "行数：读取 {read} · 订单 {orders} · 拒收 {rejected}",
        "head": ["指标", "渠道", "数值", "目标", "状态", "分子/分母", "窗口", "余量 / 缺口"],
        "status": {"pass": "达标", "fail": "未达标", "no_data": "无数据"},
        "headroom": "还可承受 {n} 个", "needed": "还需 {n} 个合格订单", "unreachable": "无法靠新增订单达标",
        "notes": "说明", "rejects": "被拒收的行", "conflicts": "同一订单的明细行不一致",
        "example_row": "第 {row} 行", "example_order": "订单 {order_id}（第 {rows} 行）：{values}", "line": "文本第 {line} 行",
        "breakdown": "按 {by} 拆分：拖累各指标的订单（多的在前）", "group": "组", "share": "占比",
        "against": "拖累订单/组内订单",
    },
    "en": {
        "title": "Account health · {platform} · as of {as_of} ({tz}) · file {file}",
        "rows": "Rows: {read} read · {orders} orders · {rejected} rejected",
        "head": ["Metric", "Channel", "Value", "Target", "Status", "Count", "Window", "Headroom / needed"],
        "status": {"pass": "PASS", "fail": "FAIL", "no_data": "no data"},
        "headroom": "{n} more can fail", "needed": "needs {n} more good orders", "unreachable": "cannot recover by volume",
        "notes": "Notes", "rejects": "Rejected rows", "conflicts": "Item rows of one order disagree",
        "example_row": "row {row}", "example_order": "order {order_id} (rows {rows}): {values}", "line": "line {line}",
        "breakdown": "Breakdown by {by}: orders counting against each metric (largest first)", "group": "Group",
        "share": "Share", "against": "Against / orders in group",
    },
}


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - wcswidth(text))


def grid(rows: list[list[str]]) -> list[str]:
    from snippets.outputs import for_terminal

    rows = [[for_terminal(str(c)) for c in r] for r in rows]  # widths of what is shown: escapes, not controls
    widths = [max(wcswidth(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.2f}%"


def metric_rows(metrics: Sequence[MetricResult], platform: str, lang: str,
                names: dict[str, str] | None = None) -> list[list[str]]:
    """The metric table as rows of text (header first); also used by the account-health command.

    ``names``: display names for metric ids that ``metrics.yaml`` does not define (Amazon's report has some).
    """
    from snippets.metrics.definitions import format_target, platform_metrics

    t = TEXT[lang]
    known = {m.id: m.name(lang) for m in platform_metrics(platform)} | (names or {})
    rows = [t["head"]]
    for m in metrics:
        status = t["status"][m.status]
        if m.status == "pass":
            extra = t["headroom"].format(n=m.headroom)
        elif m.status == "fail":
            extra = t["unreachable"] if m.orders_needed is None else t["needed"].format(n=m.orders_needed)
        else:
            extra = "; ".join(m.notes)
        window = f"{m.window.start} → {m.window.end}"
        rows.append([known.get(m.id, m.id), m.channel, _pct(m.value), format_target(m.target), status,
                     f"{m.numerator}/{m.denominator}", window, extra])
    return rows


def data_quality_lines(report: MetricsReport, lang: str = "zh") -> list[str]:
    """Notes, rejected rows and disagreeing item rows, with their first examples: every row accounted for."""
    t = TEXT[lang]
    out: list[str] = []
    if report.notes:
        out += ["", t["notes"] + ":"] + [f"  - {n}" for n in report.notes]
    if report.rejects:
        out += ["", t["rejects"] + ":"]
        for p in report.rejects:
            ex = ", ".join(t["example_row"].format(row=e["row"])
                           + (f" ({t['line'].format(line=e['line'])})" if e.get("line") not in (None, e["row"]) else "")
                           + (f" '{e['value']}'" if e["value"] is not None else "") for e in p.examples)
            out.append(f"  - {p.reason}: {p.count} ({ex})")
    if report.conflicts:
        out += ["", t["conflicts"] + ":"]
        for p in report.conflicts:
            out.append(f"  - {p.reason}: {p.count}")
            out += ["      " + t["example_order"].format(order_id=e["order_id"], rows=", ".join(map(str, e["rows"])),
                                                          values=" / ".join(str(v) for v in e["values"]))
                    for e in p.examples]
    return out


def render_table(report: MetricsReport, lang: str = "zh") -> str:
    from snippets.metrics.definitions import platform_metrics, platform_name

    t = TEXT[lang]
    rows = report.rows
    out = [t["title"].format(platform=platform_name(report.platform, lang), as_of=report.as_of.isoformat(),
                             tz=report.tz, file=Path(report.source.file).name),
           t["rows"].format(read=rows.read, orders=rows.orders, rejected=rows.rejected), ""]
    out += grid(metric_rows(report.metrics, report.platform, lang))
    out += data_quality_lines(report, lang)
    if report.breakdown is not None:
        names = {m.id: m.name(lang) for m in platform_metrics(report.platform)}
        out += ["", t["breakdown"].format(by=report.breakdown.by)]
        for mb in report.breakdown.metrics:
            out += ["", f"{names[mb.id]} · {mb.channel}"]
            table = [[t["group"], t["against"], t["share"]]]
            table += [[g.group, f"{g.count}/{g.denominator} ({_pct(g.rate)})", f"{g.share * 100:.0f}%"]
                      for g in mb.groups]
            out += ["  " + line for line in grid(table)]
    return "\n".join(out)
