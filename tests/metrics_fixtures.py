"""Small order files written in code, for the reader, metrics and CLI tests."""

from __future__ import annotations

from pathlib import Path

FIELDS = ["order_id", "purchase_date", "fulfillment_channel", "order_status", "cancelled_by", "latest_ship_date",
          "ship_date", "tracking_number", "carrier_scan", "latest_delivery_date", "delivery_date", "feedback_rating",
          "a_to_z_claim", "chargeback", "sku"]


def order(order_id: str, purchase_date: str = "2026-10-15T10:00:00Z", **fields) -> dict:
    """One item row; unspecified fields are blank, channel Merchant, status Shipped."""
    row = {"order_id": order_id, "purchase_date": purchase_date, "fulfillment_channel": "Merchant",
           "order_status": "Shipped"}
    row.update(fields)
    return row


def write_orders(path: Path, rows: list[dict], *, sep: str = ",", encoding: str = "utf-8",
                 columns: list[str] | None = None, headers: dict[str, str] | None = None) -> Path:
    """Write rows with the given columns (default: every field any row uses, in FIELDS order)."""
    used = {k for r in rows for k in r}
    columns = columns or [f for f in FIELDS if f in used] + sorted(used - set(FIELDS))
    headers = headers or {}
    lines = [sep.join(headers.get(c, c) for c in columns)]
    lines += [sep.join(str(r.get(c, "")) for c in columns) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path
