"""Contact response time from a message export: the share of buyer messages answered within the limit in
``snippets/data/deadlines.yaml`` (``buyer_message_response``) over the last 7, 30 and 90 days.

Rules (Amazon's Contact Response Time, as the handbook documents it):
- the clock is calendar time: nights, weekends and holidays count;
- a buyer message marked "no response needed" is left out;
- a buyer message is answered by the first message the seller sends in the same thread after it;
- a buyer message belongs to the window it arrived in, even if its answer came after the window started
  or it is still unanswered at the end; a message that arrived before the window does not count in it,
  even when its answer falls inside;
- a buyer message still inside its limit at the as-of time is neither late nor on time yet (pending).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from snippets.errors import UserError
from snippets.facts import load_deadlines
from snippets.orders.tables import drop_duplicate_rows, parse_times, read_export

WINDOWS = (7, 30, 90)
BUYER = re.compile(r"^(received|buyer|in|inbound|incoming|customer|买家|收到|来信|接收)$", re.I)
SELLER = re.compile(r"^(sent|seller|out|outbound|outgoing|agent|卖家|发出|回复|发送)$", re.I)
YES = re.compile(r"^(yes|y|true|1|x|是|无需回复)$", re.I)
TEXT = {
    "zh": {"window": "窗口", "days": "近 {n} 天", "counted": "计入的买家消息", "on_time": "按时回复", "late": "超时回复",
           "open": "超时未回复", "pending": "尚未到期", "skipped": "标记无需回复", "share": "按时回复率",
           "thread": "会话", "received": "买家消息时间", "answered": "回复时间", "hours": "用时（小时）",
           "agent": "客服", "state": "情况", "late_one": "超时回复", "open_one": "未回复"},
    "en": {"window": "Window", "days": "last {n} days", "counted": "Buyer messages counted", "on_time": "On time",
           "late": "Answered late", "open": "Unanswered past limit", "pending": "Not yet due",
           "skipped": "Marked no response needed", "share": "Answered within limit", "thread": "Thread",
           "received": "Buyer wrote", "answered": "Answered", "hours": "Hours", "agent": "Agent", "state": "State",
           "late_one": "late", "open_one": "unanswered"},
}


def limit_hours() -> int:
    return load_deadlines()["buyer_message_response"].hours()


def read_messages(path: str | Path, tz: str | None = None) -> pd.DataFrame:
    path = Path(path)
    df = read_export(path, "messages", "a buyer-seller message export")
    # An exact copy of a row (an export pasted twice) would count a buyer message twice: once, and said so.
    # Two different messages in one thread at the same time are both real; there is no message id to merge on.
    keep, duplicates = drop_duplicate_rows(df)
    rows = [r for r, k in zip(df.attrs["rows"], keep, strict=True) if k]
    df = df[keep].reset_index(drop=True)
    df.attrs["rows"] = rows
    direction = df["direction"].fillna("").astype(str).str.strip()
    side = np.where(direction.str.match(BUYER), "buyer", np.where(direction.str.match(SELLER), "seller", ""))
    if (side == "").any():
        first = int((side == "").nonzero()[0][0])
        bad = direction.iloc[first]
        raise UserError(f"{path}: row {df.attrs['rows'][first]}: direction '{bad[:40]}' is neither received (buyer) "
                        f"nor sent (seller) ({int((side == '').sum())} such row(s)). Use received/sent or buyer/seller.")
    from snippets.messages.limits import MAX_MESSAGE_CHARS

    long = (side == "seller") & (df["text"].fillna("").astype(str).str.len() > MAX_MESSAGE_CHARS).to_numpy()
    if long.any():  # the checker reads each sent message: one of megabytes would take minutes and gigabytes
        first = int(long.nonzero()[0][0])
        raise UserError(f"{path}: row {df.attrs['rows'][first]} holds a sent message of "
                        f"{len(str(df['text'].iloc[first])):,} characters ({int(long.sum())} such row(s)); the checker "
                        f"reads messages of at most {MAX_MESSAGE_CHARS:,} characters (a buyer message is a few "
                        "thousand). Export the messages again, or delete or shorten that row.")
    times = df["time"].copy()
    times.attrs["rows"] = df.attrs["rows"]
    out = pd.DataFrame({"thread": df["thread"].fillna("").astype(str), "side": side,
                        "time": parse_times(times, path, "time", tz), "agent": df["agent"].fillna("").astype(str),
                        "text": df["text"].fillna("").astype(str),
                        "skip": df["no_response_needed"].fillna("").astype(str).str.strip().str.match(YES)})
    out = out.sort_values(["thread", "time"], kind="stable").reset_index(drop=True)
    out.attrs["rows_account"] = duplicates
    return out


def notes(messages: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Rows of the export left out as exact copies (never silent); ``duplicates.figures()`` has the counts."""
    duplicates = messages.attrs.get("rows_account")
    return duplicates.lines(lang) if duplicates is not None else []


def buyer_messages(messages: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Each buyer message with its answer (first seller message after it in the thread, up to ``as_of``)
    and its state: on_time, late, open (unanswered past the limit), pending, or skipped."""
    as_of = as_of if as_of is not None else messages["time"].max()
    limit = pd.Timedelta(hours=limit_hours())
    seen = messages[messages["time"] <= as_of]
    buyers = seen[seen["side"] == "buyer"].copy()
    sellers = seen[seen["side"] == "seller"][["thread", "time", "agent"]].rename(columns={"time": "answered", "agent": "by"})
    buyers = buyers.sort_values("time", kind="stable")
    sellers = sellers.sort_values("answered", kind="stable")
    merged = pd.merge_asof(buyers, sellers, left_on="time", right_on="answered", by="thread", direction="forward",
                           allow_exact_matches=False)
    waited = merged["answered"] - merged["time"]
    state = np.select(
        [merged["skip"], merged["answered"].notna() & (waited <= limit), merged["answered"].notna(),
         as_of - merged["time"] > limit],
        ["skipped", "on_time", "late", "open"], default="pending")
    merged["state"] = state
    merged["hours"] = (waited.dt.total_seconds() / 3600).round(1)
    merged.attrs["as_of"] = as_of
    return merged


def response_windows(buyers: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    t = TEXT[lang]
    as_of = buyers.attrs["as_of"]
    rows = []
    for n in WINDOWS:
        w = buyers[buyers["time"] > as_of - pd.Timedelta(days=n)]
        counts = w["state"].value_counts()
        decided = int(counts.get("on_time", 0) + counts.get("late", 0) + counts.get("open", 0))
        share = counts.get("on_time", 0) / decided if decided else float("nan")
        rows.append({t["window"]: t["days"].format(n=n), t["counted"]: decided, t["on_time"]: int(counts.get("on_time", 0)),
                     t["late"]: int(counts.get("late", 0)), t["open"]: int(counts.get("open", 0)),
                     t["pending"]: int(counts.get("pending", 0)), t["skipped"]: int(counts.get("skipped", 0)),
                     t["share"]: "—" if np.isnan(share) else f"{share:.1%}"})
    return pd.DataFrame(rows)


def shares(buyers: pd.DataFrame) -> dict[int, float | None]:
    """Window (days) -> share answered within the limit (None when no message counts)."""
    as_of, out = buyers.attrs["as_of"], {}
    for n in WINDOWS:
        w = buyers[buyers["time"] > as_of - pd.Timedelta(days=n)]
        decided = w["state"].isin(["on_time", "late", "open"]).sum()
        out[n] = float((w["state"] == "on_time").sum() / decided) if decided else None
    return out


def late_threads(buyers: pd.DataFrame, lang: str = "zh", days: int = 30) -> pd.DataFrame:
    """Threads with a buyer message answered late or not at all in the last ``days`` days, worst first."""
    t = TEXT[lang]
    as_of = buyers.attrs["as_of"]
    bad = buyers[buyers["state"].isin(["late", "open"]) & (buyers["time"] > as_of - pd.Timedelta(days=days))].copy()
    bad["wait"] = bad["hours"].fillna(((as_of - bad["time"]).dt.total_seconds() / 3600).round(1))
    bad = bad.sort_values("wait", ascending=False)
    return pd.DataFrame({t["thread"]: bad["thread"], t["received"]: bad["time"].dt.strftime("%Y-%m-%d %H:%M"),
                         t["answered"]: bad["answered"].dt.strftime("%Y-%m-%d %H:%M").fillna("—"),
                         t["hours"]: bad["wait"].map(lambda h: f"{h:.0f}"), t["agent"]: bad["by"].fillna("—"),
                         t["state"]: bad["state"].map({"late": t["late_one"], "open": t["open_one"]})})
