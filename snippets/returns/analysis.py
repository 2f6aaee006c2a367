"""Returns and refunds from a returns export (and the order export, for return rates)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from snippets.deadline_clock import due
from snippets.facts import load_deadlines
from snippets.orders.tables import drop_duplicate_rows, parse_times, read_export

# Reasons that say the listing set the wrong expectation (fix the page, not the product or the parcel).
LISTING = re.compile(r"not as described|not as pictured|different from (?:the )?description|inaccurate|wrong size|"
                     r"too (?:small|big|large)|doesn'?t fit|size|colou?r (?:different|not as)|与描述不符|不符|尺寸|色差", re.I)
TEXT = {
    "zh": {"sku": "SKU", "sold": "订单行", "returns": "退货", "rate": "退货率", "listing": "指向页面问题",
           "top": "主要原因", "reason": "原因", "count": "数量", "order": "订单", "received": "收到退货",
           "refunded": "退款时间", "due": "退款截止", "late": "逾期（天）", "score": "优先级", "why": "原因说明",
           "pending": "尚未退款", "listing_why": "{n} 件退货原因指向页面（{share}）", "late_why": "{n} 笔退款逾期",
           "rate_why": "退货率 {rate}", "row": "行号", "early": "早于收到退货（天）"},
    "en": {"sku": "SKU", "sold": "Order lines", "returns": "Returns", "rate": "Return rate", "listing": "Listing problem",
           "top": "Top reason", "reason": "Reason", "count": "Count", "order": "Order", "received": "Item back",
           "refunded": "Refunded", "due": "Refund due", "late": "Days late", "score": "Priority", "why": "Why",
           "pending": "not refunded yet", "listing_why": "{n} returns blame the listing ({share})",
           "late_why": "{n} late refunds", "rate_why": "return rate {rate}", "row": "Row",
           "early": "Days before item back"},
}


def read_returns(path: str | Path, tz: str | None = None) -> pd.DataFrame:
    path = Path(path)
    df = read_export(path, "returns", "a returns export")
    out = pd.DataFrame({"order": df["order_id"].astype(str), "sku": df["sku"].fillna("—").astype(str),
                        "reason": df["reason"].fillna("").astype(str)})
    for name, required in (("requested", True), ("received", False), ("refunded", False)):
        col = df[name].copy()
        col.attrs["rows"] = df.attrs["rows"]
        out[name] = parse_times(col, path, name, tz, required=required)
    out["row"] = df.attrs["rows"]
    # A return on two rows would count twice: exact copies once; the same return (order, SKU, request time)
    # with other values keeps the row that went furthest (latest of its dates), and the others are listed.
    key = out["order"] + " · " + out["sku"] + " · " + out["requested"].dt.strftime("%Y-%m-%d %H:%M")
    keep, duplicates = drop_duplicate_rows(df, key, out[["requested", "received", "refunded"]].max(axis=1))
    out = out[keep].reset_index(drop=True)
    out["listing"] = out["reason"].str.contains(LISTING)
    deadline = load_deadlines()["return_refund_after_receipt_us"]
    out["refund_due"] = due(out["received"], deadline)
    out.attrs["rows_account"] = duplicates
    return out


def refund_before_return(returns: pd.DataFrame) -> pd.DataFrame:
    """Refunds dated before the item came back: a finding for the returns team, not an error (a returnless
    refund or a refund at first carrier scan is one; a typed date, or money paid before the item was checked,
    is another). Each with its file row."""
    early = returns["refunded"].notna() & returns["received"].notna() & (returns["refunded"] < returns["received"])
    out = returns[early].copy()
    out["days_early"] = ((out["received"] - out["refunded"]).dt.total_seconds() / 86400).round(1)
    return out.sort_values("days_early", ascending=False)


def early_refund_table(returns: pd.DataFrame, lang: str = "zh", limit: int = 20) -> pd.DataFrame:
    t = TEXT[lang]
    early = refund_before_return(returns).head(limit)
    return pd.DataFrame({t["row"]: early["row"], t["order"]: early["order"], t["sku"]: early["sku"],
                         t["refunded"]: early["refunded"].dt.strftime("%Y-%m-%d"),
                         t["received"]: early["received"].dt.strftime("%Y-%m-%d"),
                         t["early"]: early["days_early"].map(lambda d: f"{d:.1f}")})


def summary(returns: pd.DataFrame) -> dict:
    """Headline figures; rows read = returns + duplicate rows dropped + conflicting rows replaced."""
    figures = {"returns": len(returns), "listing_problem": int(returns["listing"].sum()),
               "late_refunds": len(refund_delays(returns)), "refund_before_return": len(refund_before_return(returns))}
    duplicates = returns.attrs.get("rows_account")
    return {**figures, **duplicates.figures()} if duplicates is not None else figures


def notes(returns: pd.DataFrame, lang: str = "zh") -> list[str]:
    duplicates = returns.attrs.get("rows_account")
    return duplicates.lines(lang) if duplicates is not None else []


def refund_delays(returns: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Returns whose refund came after the deadline, or has not come and the deadline has passed."""
    as_of = as_of if as_of is not None else returns[["requested", "received", "refunded"]].max().max()
    done = returns["refunded"].notna()
    late = returns["received"].notna() & ((done & (returns["refunded"] > returns["refund_due"])) |
                                          (~done & (as_of > returns["refund_due"])))
    out = returns[late].copy()
    out["days_late"] = ((out["refunded"].fillna(as_of) - out["refund_due"]).dt.total_seconds() / 86400).round(1)
    return out.sort_values("days_late", ascending=False)


def by_sku(returns: pd.DataFrame, orders_file: str | Path | None, lang: str = "zh", tz: str | None = None) -> pd.DataFrame:
    g = returns.groupby("sku")
    out = pd.DataFrame({"returns": g.size(), "listing": g["listing"].sum(),
                        "top": g["reason"].agg(lambda s: s.value_counts().index[0] if len(s) else "")})
    if orders_file is not None:
        from snippets.orders import read_orders

        of = read_orders(orders_file, tz=tz, keep=["sku"])
        sold = of.items["sku"].value_counts()
        out["sold"] = sold.reindex(out.index).fillna(0).astype(int)
        out["rate"] = out["returns"] / out["sold"].where(out["sold"] > 0)
    late = refund_delays(returns).groupby("sku").size()
    out["late"] = late.reindex(out.index).fillna(0).astype(int)
    return out.sort_values("returns", ascending=False)


def sku_table(skus: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    t = TEXT[lang]
    table = pd.DataFrame({t["sku"]: skus.index, t["returns"]: skus["returns"].to_numpy()})
    if "sold" in skus:
        table[t["sold"]] = skus["sold"].to_numpy()
        table[t["rate"]] = skus["rate"].map(lambda r: "—" if pd.isna(r) else f"{r:.1%}").to_numpy()
    table[t["listing"]] = skus["listing"].astype(int).to_numpy()
    table[t["top"]] = skus["top"].to_numpy()
    return table


def reasons_table(returns: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    t = TEXT[lang]
    counts = returns.groupby(["reason", "listing"]).size().reset_index(name="n").sort_values("n", ascending=False)
    return pd.DataFrame({t["reason"]: counts["reason"], t["count"]: counts["n"],
                         t["listing"]: counts["listing"].map({True: "✓", False: ""})})


def late_table(returns: pd.DataFrame, lang: str = "zh", limit: int = 20) -> pd.DataFrame:
    t = TEXT[lang]
    late = refund_delays(returns).head(limit)
    return pd.DataFrame({t["order"]: late["order"], t["sku"]: late["sku"],
                         t["received"]: late["received"].dt.strftime("%Y-%m-%d"),
                         t["due"]: late["refund_due"].dt.strftime("%Y-%m-%d"),
                         t["refunded"]: late["refunded"].dt.strftime("%Y-%m-%d").fillna(t["pending"]),
                         t["late"]: late["days_late"].map(lambda d: f"{d:.1f}")})


def look_first(skus: pd.DataFrame, lang: str = "zh", limit: int = 5) -> pd.DataFrame:
    """SKUs to look at first: listing-problem returns weigh double, late refunds count too, then the rate."""
    t = TEXT[lang]
    s = skus.copy()
    s["score"] = 2 * s["listing"] + s["late"] + s["returns"] * 0.5 + (s["rate"].fillna(0) * 100 if "rate" in s else 0)
    s = s.sort_values("score", ascending=False).head(limit)

    def why(row):
        parts = []
        if row["listing"]:
            parts.append(t["listing_why"].format(n=int(row["listing"]), share=f"{row['listing'] / row['returns']:.0%}"))
        if row["late"]:
            parts.append(t["late_why"].format(n=int(row["late"])))
        if "rate" in row and pd.notna(row["rate"]):
            parts.append(t["rate_why"].format(rate=f"{row['rate']:.1%}"))
        return ("；" if lang == "zh" else "; ").join(parts)

    return pd.DataFrame({t["sku"]: s.index, t["why"]: [why(r) for _, r in s.iterrows()]})


def plot_reasons(returns: pd.DataFrame, lang: str = "zh"):
    import matplotlib.pyplot as plt

    from snippets.playbooks.display import use_language_font

    use_language_font(lang)
    top = returns.groupby("sku").size().sort_values(ascending=False).head(8).index
    table = pd.crosstab(returns["sku"], returns["reason"]).loc[top]
    fig, ax = plt.subplots(figsize=(10, 4))
    table.plot.barh(ax=ax, stacked=True)
    ax.set_title({"zh": "各 SKU 的退货原因", "en": "Return reasons by SKU"}[lang])
    ax.set_xlabel({"zh": "退货数", "en": "Returns"}[lang])
    ax.set_ylabel("")
    ax.invert_yaxis()
    fig.tight_layout()
    return fig
