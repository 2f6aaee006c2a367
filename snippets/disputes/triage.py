"""Classify each case, compute when it is due from the deadlines data file, sort by urgency, flag the
overdue ones and propose the template to answer with. The playbook ``dispute-triage`` only calls these."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from snippets.deadline_clock import due
from snippets.errors import UserError
from snippets.facts import load_deadlines
from snippets.orders.tables import drop_duplicate_rows, parse_times, read_export
from snippets.orders.values import as_of_day

CATEGORIES = ("not_as_described", "not_received", "damaged_defective", "wrong_item", "other")
LABELS = {
    "zh": {"not_as_described": "与描述不符", "not_received": "未收到", "damaged_defective": "损坏或故障",
           "wrong_item": "发错商品", "other": "其他"},
    "en": {"not_as_described": "Not as described", "not_received": "Not received",
           "damaged_defective": "Damaged or defective", "wrong_item": "Wrong item", "other": "Other"},
}
# Checked in this order: the first category whose words appear in the reason wins.
KEYWORDS = [
    ("wrong_item", r"wrong (item|colou?r|product|model)|different item|incorrect item|发错|错发|颜色不对|不是我订的"),
    ("damaged_defective", r"damage|defect|broken|faulty|not working|stopped working|doesn'?t work|cracked|crushed|"
                          r"损坏|破损|故障|坏了|不能用|质量问题"),
    ("not_as_described", r"not as (described|pictured)|different (than|from) (expected|description)|materially different|"
                         r"wrong size|too (small|big|large)|doesn'?t fit|与描述不符|不符|尺寸|描述不符"),
    ("not_received", r"not (received|arrived|delivered)|never (received|arrived|came)|didn'?t (arrive|receive)|"
                     r"hasn'?t arrived|\binr\b|lost|未收到|没收到|未送达|丢件|arrived late|late deliver"),
]
# Case types and the deadline that applies (ids in snippets/data/deadlines.yaml). Feedback has no deadline.
TYPES = [
    ("claim", r"a-?to-?z|atoz|guarantee|claim|索赔", "a_to_z_information_request"),
    ("chargeback", r"charge ?back|拒付", "chargeback_response"),
    ("return", r"return|rma|退货|退款", "return_request_response"),
    ("feedback", r"feedback|review|rating|评价|反馈", None),
]
CLOSED = re.compile(r"closed|resolved|granted|denied|withdrawn|refunded|cancel|rejected|authori[sz]ed|approved|"
                    r"已关闭|已解决|已撤销|已退款|已批准", re.I)
TEMPLATES = {"damaged_defective": "damaged_or_defective", "wrong_item": "wrong_item",
             "not_received": "order_delayed", "not_as_described": "return_authorised"}
TEXT = {
    "zh": {"case": "案件", "order": "订单", "type": "类型", "category": "分类", "sku": "SKU", "opened": "创建时间",
           "due": "截止时间", "left": "剩余小时", "overdue": "已逾期", "template": "建议模板", "deadline": "依据",
           "week": "周", "cases": "案件数", "status": "状态", "yes": "是", "": ""},
    "en": {"case": "Case", "order": "Order", "type": "Type", "category": "Category", "sku": "SKU", "opened": "Opened",
           "due": "Due", "left": "Hours left", "overdue": "Overdue", "template": "Template", "deadline": "Deadline",
           "week": "Week", "cases": "Cases", "status": "Status", "yes": "yes", "": ""},
}
TYPE_LABELS = {"zh": {"claim": "A-to-z 索赔", "chargeback": "拒付", "return": "退货", "feedback": "差评", "other": "其他"},
               "en": {"claim": "A-to-z claim", "chargeback": "Chargeback", "return": "Return", "feedback": "Feedback",
                      "other": "Other"}}


def classify(reason: str | None, case_type: str | None = None) -> str:
    """One of CATEGORIES from the reason (or comment) text; the case type breaks no ties."""
    text = f"{reason or ''}".lower()
    for category, pattern in KEYWORDS:
        if re.search(pattern, text):
            return category
    if case_type and re.search(r"not received|未收到", str(case_type).lower()):
        return "not_received"
    return "other"


def case_type(value: str | None) -> str:
    text = str(value or "").lower()
    return next((name for name, pattern, _ in TYPES if re.search(pattern, text)), "other")


def triage(path: str | Path, as_of: str | None = None, tz: str | None = None) -> pd.DataFrame:
    """One row per case: type, category, due date, hours left, overdue flag and template; most urgent first."""
    path = Path(path)
    cases = read_export(path, "cases", "a claims, returns or feedback export")
    start_col = "opened" if cases["opened"].notna().any() else "order_date"
    if cases[start_col].isna().all():
        raise UserError(f"{path}: no date the case was opened (or order date) in any row; the deadlines count from it.")
    opened = parse_times(cases[start_col].where(cases[start_col].notna(), cases["order_date"]), path, start_col, tz)
    deadlines = load_deadlines()
    out = pd.DataFrame({
        "case": cases["case_id"].fillna(cases["order_id"]), "order": cases["order_id"],
        "type": cases["type"].map(case_type), "category": [classify(r, t) for r, t in zip(cases["reason"], cases["type"], strict=True)],
        "sku": cases["sku"].fillna(""), "status": cases["status"].fillna(""), "opened": opened,
    })
    # A case on two rows would count twice in cases and overdue: exact copies once, a changed case its newest row.
    # Without a case id, an order's return and its claim are two cases: the key is order and type then.
    key = cases["case_id"].where(cases["case_id"].notna(), cases["order_id"].astype(str) + " · " + out["type"])
    keep, duplicates = drop_duplicate_rows(cases, key, opened)
    out = out[keep].copy()
    ids = {name: deadline for name, _, deadline in TYPES}
    out["deadline"] = out["type"].map(ids).where(lambda s: s.notna(), None)
    out["due"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns, UTC]")
    for deadline_id in out["deadline"].dropna().unique():
        rows = out["deadline"] == deadline_id
        out.loc[rows, "due"] = due(out.loc[rows, "opened"], deadlines[deadline_id])
    day = as_of_day(as_of)
    now = day + pd.Timedelta(days=1) - pd.Timedelta(seconds=1) if day is not None else opened.max()
    out.attrs["as_of"] = now
    out.attrs["rows_account"] = duplicates
    out["active"] = ~out["status"].str.contains(CLOSED)
    out["hours_left"] = ((out["due"] - now).dt.total_seconds() / 3600).round(1)
    out["overdue"] = out["active"] & (out["hours_left"] < 0)
    out["template"] = out["category"].map(TEMPLATES)
    out.loc[out["type"] == "return", "template"] = out.loc[out["type"] == "return", "template"].fillna("return_authorised")
    order = out["active"].map({True: 0, False: 1})
    out = out.assign(_o=order, _h=out["hours_left"].fillna(1e9)).sort_values(["_o", "_h", "opened"], kind="stable")
    return out.drop(columns=["_o", "_h"]).reset_index(drop=True)


def action_table(cases: pd.DataFrame, lang: str = "zh", limit: int = 25) -> pd.DataFrame:
    """Open cases, most urgent first."""
    t, d = TEXT[lang], load_deadlines()
    active = cases[cases["active"]].head(limit)
    return pd.DataFrame({
        t["case"]: active["case"], t["order"]: active["order"], t["type"]: active["type"].map(TYPE_LABELS[lang]),
        t["category"]: active["category"].map(LABELS[lang]), t["sku"]: active["sku"],
        t["due"]: active["due"].dt.strftime("%Y-%m-%d %H:%M").fillna("—"),
        t["left"]: active["hours_left"].map(lambda h: "—" if pd.isna(h) else f"{h:.0f}"),
        t["overdue"]: active["overdue"].map({True: t["yes"], False: ""}),
        t["template"]: active["template"].fillna("—"),
        t["deadline"]: active["deadline"].map(lambda i: (d[i].name_zh if lang == "zh" else d[i].name_en) + f" ({d[i].text(lang)})" if isinstance(i, str) else "—"),
    })


def summary(cases: pd.DataFrame) -> dict:
    """Headline figures; every row of the file is accounted for: rows read = cases + duplicates dropped +
    conflicting rows replaced (``notes`` lists them)."""
    figures = {"cases": int(len(cases)), "open": int(cases["active"].sum()), "overdue": int(cases["overdue"].sum())}
    duplicates = cases.attrs.get("rows_account")
    return {**figures, **duplicates.figures()} if duplicates is not None else figures


def notes(cases: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Rows of the export that are not cases of their own (duplicates, conflicting copies): never silent."""
    duplicates = cases.attrs.get("rows_account")
    return duplicates.lines(lang) if duplicates is not None else []


def mix_tables(cases: pd.DataFrame, lang: str = "zh") -> dict[str, pd.DataFrame]:
    labels = LABELS[lang]
    cat = cases["category"].map(labels)
    by_sku = pd.crosstab(cases["sku"].replace("", "—"), cat)
    top = by_sku.sum(axis=1).sort_values(ascending=False).head(8).index
    week = cases["opened"].dt.tz_convert(None).dt.to_period("W-SUN").dt.start_time.dt.date
    return {"type": cat.value_counts().rename_axis(TEXT[lang]["category"]).rename(TEXT[lang]["cases"]),
            "sku": by_sku.loc[top], "week": pd.crosstab(week, cat)}


def plot_mix(cases: pd.DataFrame, lang: str = "zh"):
    import matplotlib.pyplot as plt

    from snippets.playbooks.display import use_language_font

    use_language_font(lang)
    mix = mix_tables(cases, lang)
    titles = {"zh": ("按分类", "按 SKU（前 8）", "按周"), "en": ("By category", "By SKU (top 8)", "By week")}[lang]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    mix["type"].plot.bar(ax=axes[0], color="#1565c0")
    mix["sku"].plot.barh(ax=axes[1], stacked=True)
    mix["week"].plot.bar(ax=axes[2], stacked=True, legend=False)
    for ax, title in zip(axes, titles, strict=True):
        ax.set_title(title)
        ax.set_xlabel("")
        ax.set_ylabel("")
    axes[2].tick_params(axis="x", labelrotation=60, labelsize=7)
    fig.tight_layout()
    return fig
