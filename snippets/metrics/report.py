"""The metrics document as text: the metric table, data quality and breakdowns, in Chinese or English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wcwidth import wcswidth

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


def metric_rows(doc: dict, lang: str) -> list[list[str]]:
    """The metric table as rows of text (header first); also used by the account-health command."""
    from snippets.metrics.definitions import Target, format_target, platform_metrics

    t = TEXT[lang]
    names = {m.id: m.name(lang) for m in platform_metrics(doc["platform"])}
    rows = [t["head"]]
    for m in doc["metrics"]:
        status = t["status"][m["status"]]
        if m["status"] == "pass":
            extra = t["headroom"].format(n=m["headroom"])
        elif m["status"] == "fail":
            extra = t["unreachable"] if m["orders_needed"] is None else t["needed"].format(n=m["orders_needed"])
        else:
            extra = "; ".join(m.get("notes", []))
        target = format_target(Target(m["target"]["op"], m["target"]["value"]))
        window = f"{m['window']['start']} → {m['window']['end']}" if m.get("window") else "–"
        rows.append([names.get(m["id"], m["id"]), m["channel"], _pct(m["value"]), target, status,
                     f"{m['numerator']}/{m['denominator']}", window, extra])
    return rows


def data_quality_lines(doc: dict, lang: str = "zh") -> list[str]:
    """Notes, rejected rows and disagreeing item rows, with their first examples: every row accounted for."""
    t = TEXT[lang]
    out: list[str] = []
    if doc["notes"]:
        out += ["", t["notes"] + ":"] + [f"  - {n}" for n in doc["notes"]]
    if doc["rejects"]:
        out += ["", t["rejects"] + ":"]
        for p in doc["rejects"]:
            ex = ", ".join(t["example_row"].format(row=e["row"])
                           + (f" ({t['line'].format(line=e['line'])})" if e.get("line") not in (None, e["row"]) else "")
                           + (f" '{e['value']}'" if e["value"] is not None else "") for e in p["examples"])
            out.append(f"  - {p['reason']}: {p['count']} ({ex})")
    if doc["conflicts"]:
        out += ["", t["conflicts"] + ":"]
        for p in doc["conflicts"]:
            out.append(f"  - {p['reason']}: {p['count']}")
            out += ["      " + t["example_order"].format(order_id=e["order_id"], rows=", ".join(map(str, e["rows"])),
                                                          values=" / ".join(str(v) for v in e["values"]))
                    for e in p["examples"]]
    return out


def render_table(doc: dict, lang: str = "zh") -> str:
    from snippets.metrics.definitions import platform_name

    t = TEXT[lang]
    out = [t["title"].format(platform=platform_name(doc["platform"], lang), as_of=doc["as_of"], tz=doc["tz"],
                             file=Path(doc["source"]["file"]).name),
           t["rows"].format(**doc["rows"]), ""]
    out += grid(metric_rows(doc, lang))
    out += data_quality_lines(doc, lang)
    if "breakdown" in doc:
        from snippets.metrics.definitions import platform_metrics

        names = {m.id: m.name(lang) for m in platform_metrics(doc["platform"])}
        out += ["", t["breakdown"].format(by=doc["breakdown"]["by"])]
        for key, groups in doc["breakdown"]["metrics"].items():
            metric_id, channel = key.split(":")
            out += ["", f"{names[metric_id]} · {channel}"]
            rows = [[t["group"], t["against"], t["share"]]]
            rows += [[g["group"], f"{g['count']}/{g['denominator']} ({_pct(g['rate'])})", f"{g['share'] * 100:.0f}%"]
                     for g in groups]
            out += ["  " + line for line in grid(rows)]
    return "\n".join(out)
