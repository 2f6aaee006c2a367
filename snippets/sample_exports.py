"""Sample exports for the dispute, returns, message-review and security playbooks (written by ``sample-data``
next to the orders): a claims/returns/feedback case export, a returns export, a message export with threads,
a user roster and a folder of old exports, some holding (invented) buyer personal data.

Every name, address, phone number and e-mail address here is made up (``example.com`` addresses, 555 numbers)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from snippets.sample_data import SKUS

RETURN_REASONS = {
    # sku -> reasons with weights; listing problems show up as "not as described" and "wrong size"
    "default": [("No longer needed", 4), ("Defective", 2), ("Not as described", 1), ("Wrong item", 1),
                ("Arrived damaged", 1)],
    "PH-CASE-15": [("Wrong size", 5), ("Not as described", 3), ("No longer needed", 2)],
    "LED-STRIP-5M": [("Defective", 6), ("Not as described", 3), ("No longer needed", 1)],
    "YOGA-MAT-6": [("Not as described", 4), ("No longer needed", 3), ("Arrived damaged", 1)],
}
FEEDBACK_COMMENTS = ["Arrived late", "Item was broken when it arrived", "Wrong colour sent", "Not as pictured",
                     "Never received it", "Seller did not answer"]
CLAIM_REASONS = ["Item not received", "Item not received", "Materially different from description",
                 "Damaged or defective item", "Wrong item received"]


def _utc(end: date) -> pd.Timestamp:
    return pd.Timestamp(datetime.combine(end, datetime.max.time()).replace(microsecond=0), tz="UTC")


def _iso(ts) -> str:
    return "" if pd.isna(ts) else pd.Timestamp(ts).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def case_columns(claims: pd.DataFrame, orders: pd.DataFrame, seed: int, end: date) -> pd.DataFrame:
    """Adds what a case export carries to the claims table: case id, the day it was opened, the SKU, and a
    varied reason (a-to-z reason codes, feedback comments)."""
    rng = np.random.default_rng(seed + 5)
    end_ts = _utc(end)
    out = claims.copy()
    n = len(out)
    lag = {"a-to-z": (10, 40), "chargeback": (20, 60), "feedback": (4, 30), "return": (3, 25)}
    days = np.array([rng.integers(*lag.get(t, (3, 20))) for t in out["type"]])
    opened = pd.to_datetime(out["order-date"], utc=True) + pd.to_timedelta(days, unit="D") + pd.to_timedelta(
        rng.integers(0, 86400, n), unit="s")
    opened = opened.where(opened <= end_ts, end_ts - pd.to_timedelta(rng.integers(1, 72, n), unit="h"))
    first_sku = orders.drop_duplicates("amazon-order-id").set_index("amazon-order-id")["sku"]
    reason = out["reason"].to_numpy(dtype=object).copy()
    is_claim = (out["type"] == "a-to-z").to_numpy()
    reason[is_claim] = rng.choice(CLAIM_REASONS, int(is_claim.sum()))
    is_fb = (out["type"] == "feedback").to_numpy()
    reason[is_fb] = rng.choice(FEEDBACK_COMMENTS, int(is_fb.sum()))
    out["reason"] = reason
    # the newest cases are still open
    recent = (opened > end_ts - pd.Timedelta(days=10)).to_numpy()
    status = out["status"].to_numpy(dtype=object).copy()
    status[recent & np.isin(out["type"], ["a-to-z", "chargeback"])] = "open"
    status[recent & (out["type"] == "return").to_numpy()] = "pending"
    out["status"] = status
    out.insert(0, "case-id", [f"C{seed:02d}-{i + 1:05d}" for i in range(n)])
    out["opened-date"] = [_iso(t) for t in opened]
    out["sku"] = out["order-id"].map(first_sku).fillna("")
    return out


def make_returns(orders: pd.DataFrame, seed: int, end: date) -> pd.DataFrame:
    """One row per returned item: request, reason, when the item came back and when the refund was issued."""
    rng = np.random.default_rng(seed + 6)
    end_ts = _utc(end)
    items = orders[orders["order-status"] == "Shipped"].reset_index(drop=True)
    odds = items["sku"].map({"PH-CASE-15": 0.09, "LED-STRIP-5M": 0.08, "YOGA-MAT-6": 0.06}).fillna(0.03)
    picked = items[rng.random(len(items)) < odds.to_numpy()].reset_index(drop=True)
    rows = []
    for _, r in picked.iterrows():
        reasons = RETURN_REASONS.get(r["sku"], RETURN_REASONS["default"])
        weights = np.array([w for _, w in reasons], dtype=float)
        reason = reasons[int(rng.choice(len(reasons), p=weights / weights.sum()))][0]
        requested = pd.Timestamp(r["purchase-date"]) + pd.Timedelta(days=int(rng.integers(5, 30)), hours=int(rng.integers(0, 24)))
        if requested > end_ts:
            continue
        received = requested + pd.Timedelta(days=int(rng.integers(4, 14)), hours=int(rng.integers(0, 24)))
        received = received if received <= end_ts else None
        refunded = None
        if received is not None:
            late = rng.random() < 0.15
            refunded = received + pd.Timedelta(days=int(rng.integers(4, 9)) if late else int(rng.integers(0, 2)), hours=int(rng.integers(0, 6)))
            refunded = refunded if refunded <= end_ts else None
        status = "Refunded" if refunded is not None else "Received" if received is not None else "Authorized"
        rows.append({"order-id": r["amazon-order-id"], "sku": r["sku"], "return-request-date": _iso(requested),
                     "return-reason": reason, "quantity": r["quantity"], "item-received-date": _iso(received),
                     "refund-date": _iso(refunded), "status": status})
    columns = ["order-id", "sku", "return-request-date", "return-reason", "quantity", "item-received-date",
               "refund-date", "status"]
    return pd.DataFrame(rows, columns=columns).sort_values("return-request-date", kind="stable").reset_index(drop=True)


BUYER_TEXTS = ["Hi, where is my order? It has not arrived yet.", "The cable stopped working after two days.",
               "I received the wrong colour, I ordered black.", "Can I change my delivery address?",
               "The box was crushed and the item is broken.", "Please cancel my order, I ordered by mistake."]
THANKS = ["Thanks, got it!", "Received, thank you.", "OK thanks"]
SELLER_TEXTS = [
    "Sorry for the delay. Your parcel is with the carrier; tracking shows it will arrive on Thursday.",
    "We are sorry the item is faulty. We have issued a full refund; you do not need to send it back.",
    "Sorry about the wrong colour. We have sent the black one today and you can keep the other.",
    "Thanks for your message. The address can no longer be changed because the order has shipped.",
    "Your order is cancelled and you have not been charged.",
    "Sorry for the trouble! Please leave us a 5-star review and we will send you a free gift.",
    "You can also reach us on WhatsApp or at support@example.com for faster help.",
    "If you remove your negative feedback we will refund you in full.",
]
AGENTS = ["Lily", "Kevin", "Sunny", "Jack"]


def make_message_export(seed: int, end: date, threads: int = 160) -> pd.DataFrame:
    """Sent and received messages by thread: some answered late, some never, some needing no answer."""
    rng = np.random.default_rng(seed + 7)
    end_ts = _utc(end)
    rows = []
    for t in range(threads):
        start = end_ts - pd.Timedelta(seconds=int(rng.integers(0, 100 * 86400)))
        thread = f"T{seed:02d}-{t + 1:04d}"
        agent = AGENTS[int(rng.integers(0, len(AGENTS)))]
        rows.append({"thread": thread, "direction": "received", "time": _iso(start), "agent": "",
                     "text": BUYER_TEXTS[int(rng.integers(0, len(BUYER_TEXTS)))], "no response needed": ""})
        hours = float(rng.choice([1, 3, 8, 15, 22, 30, 60, -1], p=[0.2, 0.2, 0.2, 0.13, 0.1, 0.08, 0.04, 0.05]))
        if hours < 0:
            continue  # never answered
        reply = start + pd.Timedelta(hours=hours, minutes=int(rng.integers(0, 50)))
        if reply > end_ts:
            continue
        text = SELLER_TEXTS[int(rng.choice(len(SELLER_TEXTS), p=[0.2, 0.2, 0.15, 0.15, 0.15, 0.05, 0.05, 0.05]))]
        rows.append({"thread": thread, "direction": "sent", "time": _iso(reply), "agent": agent, "text": text,
                     "no response needed": ""})
        if rng.random() < 0.25:
            thanks = reply + pd.Timedelta(hours=int(rng.integers(1, 20)))
            if thanks <= end_ts:
                rows.append({"thread": thread, "direction": "received", "time": _iso(thanks), "agent": "",
                             "text": THANKS[int(rng.integers(0, len(THANKS)))], "no response needed": "yes"})
    return pd.DataFrame(rows).sort_values(["time", "thread"], kind="stable").reset_index(drop=True)


def make_roster(end: date) -> pd.DataFrame:
    d = pd.Timestamp(end)

    def ago(days):
        return (d - pd.Timedelta(days=days)).strftime("%Y-%m-%d")

    people = [
        # name, login, role, two-step method, last sign-in (days ago), status, left (days ago)
        ("Wang Fang", "wang.fang@example.com", "Admin", "Authenticator app", 0, "Active", None),
        ("Li Wei", "li.wei@example.com", "Admin", "Authenticator app", 1, "Active", None),
        ("Zhang Min", "zhang.min@example.com", "Admin", "SMS", 3, "Active", None),
        ("Chen Jie", "chen.jie@example.com", "Admin", "Authenticator app", 2, "Active", None),
        ("Liu Yang", "liu.yang@example.com", "Catalog", "SMS", 1, "Active", None),
        ("Zhao Lei", "zhao.lei@example.com", "Orders", "", 5, "Active", None),
        ("Warehouse", "warehouse@example.com", "Orders", "SMS", 0, "Active", None),
        ("Customer Service", "cs-team@example.com", "Messages", "Authenticator app", 0, "Active", None),
        ("Sun Li", "sun.li@example.com", "Reports", "Authenticator app", 12, "Active", 9),
        ("Huang Tao", "huang.tao@example.com", "Catalog", "SMS", 40, "Disabled", 38),
        ("Zhou Xin", "zhou.xin@example.com", "Messages", "None", 7, "Active", None),
    ]
    return pd.DataFrame([{"name": n, "email": e, "role": r, "two-step method": m, "last sign-in": ago(s),
                          "status": st, "date left": ago(left) if left is not None else ""}
                         for n, e, r, m, s, st, left in people])


FIRST = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Mason", "Sophia", "Lucas"]
LAST = ["Miller", "Garcia", "Wilson", "Moore", "Taylor", "Clark", "Lewis", "Young"]


def write_exports_folder(folder: Path, orders: pd.DataFrame, seed: int, end: date) -> Path:
    """Old order exports with buyer names and addresses (one past the retention limit, one recent), a
    customer list workbook, and an inventory file with no personal data."""
    rng = np.random.default_rng(seed + 8)
    folder.mkdir(parents=True, exist_ok=True)
    o = orders.drop_duplicates("amazon-order-id").reset_index(drop=True)
    n = min(len(o), 120)

    def people(k):
        names = [f"{FIRST[int(i)]} {LAST[int(j)]}" for i, j in zip(rng.integers(0, 8, k), rng.integers(0, 8, k), strict=True)]
        return pd.DataFrame({
            "buyer-name": names,
            "ship-address-1": [f"{int(x)} Example Street" for x in rng.integers(1, 999, k)],
            "ship-city": "Springfield",
            "buyer-phone-number": [f"+1 555 01{int(x):02d}" for x in rng.integers(0, 100, k)],
            "buyer-email": [f"{nm.split()[0].lower()}{int(x)}@example.com" for nm, x in zip(names, rng.integers(1, 99, k), strict=True)],
        })

    old = o.head(n)
    pd.concat([old[["amazon-order-id", "purchase-date", "delivery-date", "sku"]].reset_index(drop=True), people(n)], axis=1) \
        .to_csv(folder / "orders-with-addresses-old.csv", index=False, lineterminator="\n")
    new = o.tail(40)
    pd.concat([new[["amazon-order-id", "purchase-date", "sku"]].reset_index(drop=True), people(len(new))], axis=1) \
        .to_csv(folder / "shipping-labels-recent.tsv", sep="\t", index=False, lineterminator="\n")
    dates = [t[:10] for t in o["purchase-date"].head(30)]  # fewer with a small --orders
    cust = people(len(dates))
    cust.insert(0, "order-date", dates)
    cust.to_excel(folder / "customer-list.xlsx", index=False)
    inv = pd.DataFrame({"sku": [s[0] for s in SKUS], "asin": [s[1] for s in SKUS], "on-hand": rng.integers(0, 500, len(SKUS))})
    inv.to_csv(folder / "inventory.csv", index=False, lineterminator="\n")
    return folder
