"""The message checker run over every message the team sent: findings by category and by agent, and the
worst examples with the matched words highlighted (all text escaped: it comes from the export)."""

from __future__ import annotations

import pandas as pd

from snippets.playbooks.display import escaped, marked

SEVERITY = {"error": 2, "warning": 1}
TEXT = {
    "zh": {"category": "类别", "messages": "消息数", "findings": "问题数", "agent": "客服", "sent": "发出消息",
           "flagged": "有问题的消息", "share": "占比", "thread": "会话", "severity": "严重程度", "rule": "规则",
           "why": "原因", "none": "所有发出的消息都没有发现问题。"},
    "en": {"category": "Category", "messages": "Messages", "findings": "Findings", "agent": "Agent", "sent": "Sent",
           "flagged": "Flagged", "share": "Share", "thread": "Thread", "severity": "Severity", "rule": "Rule",
           "why": "Why", "none": "No sent message was flagged."},
}


def check_sent(messages: pd.DataFrame, platform: str = "amazon") -> pd.DataFrame:
    """One row per finding in a sent message: thread, agent, text, rule, category, severity, span, explanation."""
    from snippets.messages import check_message

    rows = []
    for _, m in messages[messages["side"] == "seller"].iterrows():
        for f in check_message(m["text"], platform=platform):
            rows.append({"thread": m["thread"], "agent": m["agent"] or "—", "time": m["time"], "text": m["text"],
                         "rule": f.rule, "category": f.category, "severity": f.severity, "start": f.start,
                         "end": f.end, "message": f.message, "message_zh": f.message_zh})
    return pd.DataFrame(rows, columns=["thread", "agent", "time", "text", "rule", "category", "severity", "start",
                                       "end", "message", "message_zh"])


def by_category(findings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    t = TEXT[lang]
    if findings.empty:
        return pd.DataFrame(columns=[t["category"], t["messages"], t["findings"]])
    g = findings.groupby("category").agg(messages=("text", lambda s: s.index.map(lambda i: (findings.at[i, "thread"], findings.at[i, "time"])).nunique()),
                                         findings=("rule", "size"))
    g = g.sort_values(["messages", "findings"], ascending=False).reset_index()
    return g.rename(columns={"category": t["category"], "messages": t["messages"], "findings": t["findings"]})


def by_agent(messages: pd.DataFrame, findings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    t = TEXT[lang]
    sent = messages[messages["side"] == "seller"].assign(agent=lambda d: d["agent"].replace("", "—"))
    total = sent.groupby("agent").size()
    flagged = findings.drop_duplicates(["thread", "time"]).groupby("agent").size() if not findings.empty else pd.Series(dtype=int)
    out = pd.DataFrame({t["sent"]: total, t["flagged"]: flagged.reindex(total.index, fill_value=0)})
    out[t["share"]] = (out[t["flagged"]] / out[t["sent"]]).map(lambda x: f"{x:.0%}")
    return out.sort_values(t["flagged"], ascending=False).rename_axis(t["agent"]).reset_index()


def worst_examples(findings: pd.DataFrame, lang: str = "zh", limit: int = 5) -> str:
    """HTML: the sent messages with the most serious findings, matched text in <mark>. Everything escaped."""
    t = TEXT[lang]
    if findings.empty:
        return f"<p>{escaped(t['none'])}</p>"
    per = findings.assign(score=findings["severity"].map(SEVERITY).fillna(0))
    ranked = per.groupby(["thread", "time"]).agg(score=("score", "sum")).sort_values("score", ascending=False).head(limit)
    parts = []
    for (thread, time), _ in ranked.iterrows():
        f = per[(per["thread"] == thread) & (per["time"] == time)]
        text = f["text"].iloc[0]
        why = "".join(f"<li><code>{escaped(r.rule)}</code> ({escaped(r.severity)}): "
                      f"{escaped(r.message_zh if lang == 'zh' else r.message)}</li>" for r in f.itertuples())
        parts.append(f"<div class=\"message-example\"><p><strong>{escaped(t['thread'])} {escaped(thread)}</strong> · "
                     f"{escaped(t['agent'])}: {escaped(f['agent'].iloc[0])}</p>"
                     f"<blockquote>{marked(text, list(zip(f['start'], f['end'], strict=True)))}</blockquote><ul>{why}</ul></div>")
    return "\n".join(parts)
