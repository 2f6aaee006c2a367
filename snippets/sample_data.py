"""Synthetic but realistic seller exports, deterministic for a seed.

The repository holds no real buyer data: playbooks, docs examples and tests run on these files.

- ``orders.txt``: an Amazon-style order flat file (tab-separated, hyphenated headers, one row per
  item, several rows share an ``amazon-order-id``), with the performance columns the metric
  calculators read (ship-by date, tracking, carrier scan, feedback, A-to-z claim, chargeback).
- ``claims.csv``: one row per claim, return, chargeback or feedback event, keyed by order id.
- ``messages.jsonl``: buyer messages in six languages, one JSON object per line.
- ``returns.csv``, ``message-export.csv``, ``users.csv`` and ``exports/``: see ``snippets.sample_exports``.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from snippets.markets import SAMPLE_DATA_END

DEFAULT_END = SAMPLE_DATA_END
DAYS = 120

SKUS = [
    # sku, asin, product name, price (USD), base negative-feedback odds multiplier
    ("BT-EAR-001", "B0CX1EAR01", "Wireless Earbuds Bluetooth 5.3", 29.99, 1.0),
    ("BT-EAR-002", "B0CX1EAR02", "Wireless Earbuds Pro with ANC", 49.99, 1.0),
    ("PH-CASE-11", "B0CX2CAS11", "Phone Case Clear Shockproof", 12.99, 0.6),
    ("PH-CASE-15", "B0CX2CAS15", "Phone Case Magnetic Leather", 18.99, 0.8),
    ("LED-STRIP-5M", "B0CX3LED05", "LED Strip Lights 5m RGB", 19.99, 2.5),
    ("USB-C-CBL-2", "B0CX4USB02", "USB-C Cable 2m Braided 2-pack", 9.99, 0.7),
    ("KIT-KNIFE-8", "B0CX5KNF08", "Chef Knife 8 inch Stainless", 34.99, 1.2),
    ("YOGA-MAT-6", "B0CX6YOG06", "Yoga Mat 6mm Non-slip", 24.99, 1.0),
]
CARRIERS = [
    # carrier, share, tracking prefix, missing-scan odds, late-delivery odds
    ("UPS", 0.30, "1Z", 0.005, 0.04),
    ("USPS", 0.30, "94", 0.01, 0.06),
    ("FedEx", 0.15, "7", 0.005, 0.05),
    ("YunExpress", 0.15, "YT", 0.08, 0.18),
    ("4PX", 0.10, "4PX", 0.04, 0.12),
]
SHIP_FROM = [("SZ-WH1", 0.5), ("US-WH-CA", 0.35), ("US-WH-NJ", 0.15)]
COUNTRIES = [("US", 0.92), ("CA", 0.05), ("MX", 0.03)]

ORDER_COLUMNS = [
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "ship-service-level", "sku", "asin", "product-name",
    "item-status", "quantity", "currency", "item-price", "ship-country", "ship-from", "carrier",
    "tracking-number", "carrier-scan", "latest-ship-date", "ship-date", "latest-delivery-date",
    "delivery-date", "cancelled-by", "feedback-rating", "a-to-z-claim", "chargeback",
]


def _iso(ts: pd.Series) -> pd.Series:
    """Amazon flat files write ISO 8601 with an explicit UTC offset."""
    out = ts.dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return out.where(ts.notna(), "")


def make_orders(n_orders: int, seed: int = 7, end: date = DEFAULT_END) -> pd.DataFrame:
    """Item-level order rows, Amazon flat-file style, for ``n_orders`` orders."""
    rng = np.random.default_rng(seed)
    n = n_orders
    end_ts = pd.Timestamp(datetime.combine(end, datetime.max.time()).replace(microsecond=0))
    start_ts = end_ts - pd.Timedelta(days=DAYS) + pd.Timedelta(seconds=1)
    span = int((end_ts - start_ts).total_seconds())

    # Order-level facts.
    purchase = start_ts + pd.to_timedelta(np.sort(rng.integers(0, span, n)), unit="s")
    afn = rng.random(n) < 0.35
    carrier_idx = rng.choice(len(CARRIERS), n, p=[c[1] for c in CARRIERS])
    ship_from_idx = rng.choice(len(SHIP_FROM), n, p=[s[1] for s in SHIP_FROM])
    country_idx = rng.choice(len(COUNTRIES), n, p=[c[1] for c in COUNTRIES])
    handling_days = rng.choice([1, 2, 3], n, p=[0.5, 0.35, 0.15])
    latest_ship = (purchase + pd.to_timedelta(handling_days, unit="D")).floor("D") + pd.Timedelta(hours=23, minutes=59, seconds=59)
    transit_days = rng.choice([3, 5, 7, 10], n, p=[0.3, 0.35, 0.25, 0.1])
    latest_delivery = latest_ship + pd.to_timedelta(transit_days, unit="D")

    # Cancellations: about 1.5 % of orders, by seller, buyer or system.
    cancelled = rng.random(n) < 0.015
    cancelled_by = np.where(cancelled, rng.choice(["seller", "buyer", "system"], n, p=[0.5, 0.4, 0.1]), "")

    # Shipping: most ship on time, some late, the newest orders may be unshipped.
    lateness_h = np.where(rng.random(n) < 0.03, rng.integers(1, 72, n), -rng.integers(1, 40, n))
    ship = latest_ship + pd.to_timedelta(lateness_h, unit="h")
    not_yet = ship > end_ts
    shipped = ~cancelled & ~not_yet
    ship = ship.where(shipped)
    status = np.where(cancelled, "Cancelled", np.where(shipped, "Shipped", "Unshipped"))
    status = np.where(~shipped & ~cancelled & (rng.random(n) < 0.1), "Pending", status)

    carrier = np.array([c[0] for c in CARRIERS])[carrier_idx]
    prefixes = np.array([c[2] for c in CARRIERS])[carrier_idx]
    digits = rng.integers(10**11, 10**12 - 1, n).astype(str)
    has_tracking = shipped & (rng.random(n) > 0.01)
    tracking = np.where(has_tracking, np.char.add(prefixes.astype(str), digits), "")
    scan_miss = rng.random(n) < np.array([c[3] for c in CARRIERS])[carrier_idx]
    carrier_scan = np.where(has_tracking, np.where(scan_miss, "false", "true"), "")

    late_delivery = rng.random(n) < np.array([c[4] for c in CARRIERS])[carrier_idx]
    delivery_offset_h = np.where(late_delivery, rng.integers(6, 96, n), -rng.integers(6, 72, n))
    delivery = latest_delivery + pd.to_timedelta(delivery_offset_h, unit="h")
    delivered = has_tracking & ~scan_miss & (delivery <= end_ts)
    delivery = delivery.where(delivered)

    # AFN (FBA) orders: Amazon ships; seller columns stay empty as in real FBA rows.
    for arr in (tracking, carrier_scan):
        arr[afn] = ""

    # Items per order: 1 (80 %), 2 (15 %), 3 (5 %).
    items = rng.choice([1, 2, 3], n, p=[0.8, 0.15, 0.05])
    first_sku = rng.integers(0, len(SKUS), n)

    # Defects (order level), more likely for some SKUs and late deliveries.
    sku_risk = np.array([s[4] for s in SKUS])[first_sku]
    neg = shipped & (rng.random(n) < 0.004 * sku_risk * np.where(late_delivery, 3, 1))
    feedback = np.where(rng.random(n) < 0.12, rng.choice(["5", "4", "3"], n, p=[0.75, 0.2, 0.05]), "")
    feedback = np.where(neg, rng.choice(["1", "2"], n), feedback)
    claim_roll = rng.random(n)
    claim = np.where(claim_roll < 0.004, rng.choice(["open", "granted", "denied", "withdrawn"], n, p=[0.3, 0.35, 0.25, 0.1]), "none")
    chargeback = np.where(rng.random(n) < 0.001, "true", "false")

    ids = np.char.add(
        np.char.add(np.char.add(rng.integers(111, 115, n).astype(str), "-"), np.char.zfill(rng.integers(0, 10**7, n).astype(str), 7)),
        np.char.add("-", np.char.zfill(rng.integers(0, 10**7, n).astype(str), 7)),
    )
    ids = _unique_ids(ids, rng)

    orders = pd.DataFrame({
        "amazon-order-id": ids,
        "merchant-order-id": np.char.add(f"SO{seed:02d}", np.char.zfill(np.arange(n).astype(str), 8)),
        "purchase-date": _iso(pd.Series(purchase)),
        "last-updated-date": _iso(pd.Series(purchase + pd.Timedelta(days=1)).clip(upper=end_ts)),
        "order-status": status,
        "fulfillment-channel": np.where(afn, "Amazon", "Merchant"),
        "sales-channel": "Amazon.com",
        "ship-service-level": rng.choice(["Standard", "Expedited"], n, p=[0.85, 0.15]),
        "ship-country": np.array([c[0] for c in COUNTRIES])[country_idx],
        "ship-from": np.array([s[0] for s in SHIP_FROM])[ship_from_idx],
        "carrier": np.where(afn, "", carrier),
        "tracking-number": tracking,
        "carrier-scan": carrier_scan,
        "latest-ship-date": _iso(pd.Series(latest_ship)),
        "ship-date": np.where(afn, "", _iso(pd.Series(ship))),
        "latest-delivery-date": _iso(pd.Series(latest_delivery)),
        "delivery-date": np.where(afn, "", _iso(pd.Series(delivery))),
        "cancelled-by": cancelled_by,
        "feedback-rating": feedback,
        "a-to-z-claim": claim,
        "chargeback": chargeback,
        "_items": items,
        "_sku0": first_sku,
    })
    rows = orders.loc[orders.index.repeat(orders["_items"])].copy()
    item_no = rows.groupby(level=0).cumcount().to_numpy()
    sku_idx = (rows["_sku0"].to_numpy() + item_no) % len(SKUS)
    rows["sku"] = np.array([s[0] for s in SKUS])[sku_idx]
    rows["asin"] = np.array([s[1] for s in SKUS])[sku_idx]
    rows["product-name"] = np.array([s[2] for s in SKUS])[sku_idx]
    rows["quantity"] = rng.choice([1, 1, 1, 2], len(rows))
    rows["currency"] = "USD"
    rows["item-price"] = np.round(np.array([s[3] for s in SKUS])[sku_idx] * rows["quantity"], 2)
    rows["item-status"] = rows["order-status"]
    return rows[ORDER_COLUMNS].reset_index(drop=True)


def _unique_ids(ids: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random 3-7-7 ids can collide in large files; re-draw the duplicates."""
    seen = pd.Series(ids).duplicated()
    while seen.any():
        k = int(seen.sum())
        ids[seen.to_numpy()] = [f"114-{a:07d}-{b:07d}" for a, b in zip(rng.integers(0, 10**7, k), rng.integers(0, 10**7, k), strict=True)]
        seen = pd.Series(ids).duplicated()
    return ids


def make_claims(orders: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """One row per claim, chargeback, return or feedback event, as exported from Seller Central reports."""
    rng = np.random.default_rng(seed + 1)
    o = orders.drop_duplicates("amazon-order-id")
    returned = (o["order-status"] == "Shipped").to_numpy() & (rng.random(len(o)) < 0.03)
    reasons = np.array(["Defective", "No longer needed", "Not as described", "Wrong item"])
    parts = [
        (o["a-to-z-claim"] != "none", "a-to-z", o["a-to-z-claim"], "", "Item not received"),
        (o["chargeback"] == "true", "chargeback", "open", "", "Service: not received"),
        (o["feedback-rating"].isin(["1", "2", "3"]), "feedback", "received", o["feedback-rating"], "Arrived late"),
        (returned, "return", "authorized", "", reasons[rng.integers(0, len(reasons), len(o))]),
    ]
    frames = []
    for mask, kind, status, rating, reason in parts:
        frame = pd.DataFrame({"order-id": o["amazon-order-id"], "type": kind, "order-date": o["purchase-date"],
                              "status": status, "rating": rating, "reason": reason})
        frames.append(frame[np.asarray(mask)])
    return pd.concat(frames).sort_values(["order-date", "order-id"], kind="stable").reset_index(drop=True)


BUYER_MESSAGES = {
    "en": ["Hi, my order hasn't arrived yet. Can you check where it is?", "The earbuds stopped charging after a week. What should I do?",
           "Can I change the delivery address? I moved last week.", "I received the wrong color. I ordered black.",
           "Please cancel my order, I bought it by mistake."],
    "de": ["Hallo, meine Bestellung ist noch nicht angekommen. Können Sie bitte nachsehen?", "Das Kabel funktioniert nicht. Was kann ich tun?",
           "Ich möchte den Artikel zurückgeben."],
    "fr": ["Bonjour, je n'ai toujours pas reçu ma commande.", "Le produit est arrivé cassé, que dois-je faire ?",
           "Puis-je annuler ma commande ?"],
    "es": ["Hola, mi pedido todavía no ha llegado.", "El producto llegó dañado. ¿Qué puedo hacer?", "¿Puedo cambiar la dirección de entrega?"],
    "it": ["Buongiorno, il mio ordine non è ancora arrivato.", "Il prodotto non funziona, come posso restituirlo?",
           "Posso annullare l'ordine?"],
    "ja": ["注文した商品がまだ届いていません。確認していただけますか。", "イヤホンが充電できません。どうすればよいですか。",
           "色が違う商品が届きました。"],
}


def make_messages(orders: pd.DataFrame, n: int, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed + 2)
    o = orders.drop_duplicates("amazon-order-id").reset_index(drop=True)
    langs = list(BUYER_MESSAGES)
    weights = np.array([0.55, 0.12, 0.1, 0.1, 0.05, 0.08])
    out = []
    for i in range(min(n, len(o))):
        row = o.iloc[int(rng.integers(0, len(o)))]
        lang = langs[int(rng.choice(len(langs), p=weights / weights.sum()))]
        text = BUYER_MESSAGES[lang][int(rng.integers(0, len(BUYER_MESSAGES[lang])))]
        received = pd.Timestamp(row["purchase-date"]) + pd.Timedelta(hours=int(rng.integers(12, 240)))
        reply_h = float(rng.choice([2, 6, 12, 20, 30, 50], p=[0.3, 0.3, 0.2, 0.12, 0.05, 0.03]))
        out.append({
            "id": f"msg-{i + 1:05d}", "order_id": row["amazon-order-id"], "lang": lang,
            "received_at": received.isoformat(), "replied_at": (received + pd.Timedelta(hours=reply_h)).isoformat(), "text": text,
        })
    return out


def write_sample_data(outdir: Path, n_orders: int = 2000, seed: int = 7, end: date = DEFAULT_END, messages: int = 200) -> dict[str, Path]:
    """Write the three sample exports into ``outdir`` and return their paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    orders = make_orders(n_orders, seed=seed, end=end)
    paths = {"orders": outdir / "orders.txt", "claims": outdir / "claims.csv", "messages": outdir / "messages.jsonl"}
    orders.to_csv(paths["orders"], sep="\t", index=False, lineterminator="\n")
    from snippets import sample_exports as more

    more.case_columns(make_claims(orders, seed=seed), orders, seed, end).to_csv(paths["claims"], index=False, lineterminator="\n")
    with paths["messages"].open("w", encoding="utf-8") as fh:
        for msg in make_messages(orders, messages, seed=seed):
            fh.write(json.dumps(msg, ensure_ascii=False) + "\n")
    # the exports the dispute, returns, message-review and security playbooks read
    paths["returns"] = outdir / "returns.csv"
    more.make_returns(orders, seed, end).to_csv(paths["returns"], index=False, lineterminator="\n")
    paths["message_export"] = outdir / "message-export.csv"
    more.make_message_export(seed, end).to_csv(paths["message_export"], index=False, lineterminator="\n")
    paths["users"] = outdir / "users.csv"
    more.make_roster(end).to_csv(paths["users"], index=False, lineterminator="\n")
    paths["exports"] = more.write_exports_folder(outdir / "exports", orders, seed, end)
    # An export is saved after its last order: with an --end in the future (or a clock that is behind), date the
    # files after it, or the reader would take their orders for dates after the file was saved.
    saved = datetime.combine(end, datetime.max.time()).timestamp() + 3600
    if saved > time.time():
        for path in paths.values():
            os.utime(path, (saved, saved))
    return paths


def sample_orders_file(folder: Path, n_orders: int = 2000) -> Path:
    """Synthetic orders for a dry run of a playbook."""
    return write_sample_data(folder, n_orders=n_orders)["orders"]


@cache
def _sample_folder() -> dict[str, Path]:
    import tempfile

    return write_sample_data(Path(tempfile.mkdtemp(prefix="handbook-sample-")))


def sample_file(kind: str) -> Path:
    """One of the sample exports ("orders", "claims", "returns", "message_export", "users", "exports" ...),
    written once per process into a temporary folder: the default input of every playbook."""
    return _sample_folder()[kind]
