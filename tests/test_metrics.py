"""Each metric against small hand-computed cases, with every window edge. As-of day T = 2026-10-31 unless said."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from metrics_fixtures import order, write_orders

from snippets.metrics.calculate import (
    breakdown,
    compute_all,
    daily_trend,
    headroom_and_needed,
    prepare,
)
from snippets.metrics.definitions import Target, load_metrics, metric_definitions_markdown
from snippets.orders import read_orders

T = date(2026, 10, 31)


def run(tmp_path, rows, as_of=T, platform="amazon", tz=None, **kw):
    of = read_orders(write_orders(tmp_path / "orders.csv", rows, **kw), tz=tz)
    doc = compute_all(of, platform, as_of, tz).to_json()
    return {(m["id"], m["channel"]): m for m in doc["metrics"]}, doc


def test_order_defect_rate_window_edges_and_one_count_per_order(tmp_path):
    rows = [
        order("A", "2026-09-02T00:00:00Z", feedback_rating=1),  # first day of window(60): in, defect
        order("B", "2026-09-01T23:59:59Z", feedback_rating=1),  # day before: out
        order("C", "2026-10-31T23:59:59Z", a_to_z_claim="granted", chargeback="true"),  # last day, counts once
        order("D", "2026-11-01T00:00:00Z", feedback_rating=2),  # after T: out
        order("E", "2026-10-01T08:00:00Z", a_to_z_claim="denied"),  # denied claim: no defect
        order("F", "2026-10-02T08:00:00Z", a_to_z_claim="withdrawn"),  # withdrawn: no defect
        order("G", "2026-10-03T08:00:00Z", a_to_z_claim="open", order_status="Cancelled", cancelled_by="buyer"),
        order("H", "2026-10-04T08:00:00Z", feedback_rating=3),  # neutral: no defect
        order("I", "2026-10-05T08:00:00Z", fulfillment_channel="Amazon", feedback_rating=2),  # AFN
        order("J", "2026-10-05T09:00:00Z", fulfillment_channel="Amazon"),
    ]
    m, _ = run(tmp_path, rows)
    odr = m[("order_defect_rate", "MFN")]
    assert (odr["numerator"], odr["denominator"]) == (3, 6)  # A, C, G of A C E F G H
    assert odr["window"] == {"start": "2026-09-02", "end": "2026-10-31"}
    assert odr["value"] == 0.5 and odr["status"] == "fail"
    assert odr["target"] == {"op": "<", "value": 0.01}
    assert odr["orders_needed"] == 295  # 3 / (6 + 295) < 1 % ; 3 / 300 is not
    assert (m[("negative_feedback_rate", "MFN")]["numerator"], m[("a_to_z_claim_rate", "MFN")]["numerator"],
            m[("chargeback_rate", "MFN")]["numerator"]) == (1, 2, 1)
    afn = m[("order_defect_rate", "AFN")]
    assert (afn["numerator"], afn["denominator"]) == (1, 2)
    assert m[("chargeback_rate", "MFN")]["target_from"] == "order_defect_rate"


def test_window_days_follow_tz(tmp_path):
    rows = [order("A", "2026-09-01T20:00:00Z", feedback_rating=1),  # 2026-09-02 04:00 in Shanghai
            order("B", "2026-10-31T18:00:00Z")]  # 2026-11-01 02:00 in Shanghai: after T
    utc, _ = run(tmp_path, rows)
    assert utc[("order_defect_rate", "MFN")]["denominator"] == 1  # B only
    sh, doc = run(tmp_path, rows, tz="Asia/Shanghai")
    assert (sh[("order_defect_rate", "MFN")]["numerator"], sh[("order_defect_rate", "MFN")]["denominator"]) == (1, 1)
    assert doc["tz"] == "Asia/Shanghai"


def test_late_shipment_rate_edges(tmp_path):
    rows = [
        order("L1", latest_ship_date="2026-10-22T10:00:00Z", ship_date="2026-10-22T10:00:00Z"),  # exactly on time
        order("L2", latest_ship_date="2026-10-21T23:59:59Z", ship_date="2026-10-23T10:00:00Z"),  # before window(10)
        order("L3", latest_ship_date="2026-10-31T23:59:59Z", order_status="Unshipped"),  # not shipped: late
        order("L4", latest_ship_date="2026-10-25T12:00:00Z", ship_date="2026-10-25T12:00:01Z"),  # one second late
        order("L5", latest_ship_date="2026-10-25T12:00:00Z", order_status="Cancelled", cancelled_by="seller"),
        order("L6", latest_ship_date="2026-11-01T00:00:00Z", order_status="Unshipped"),  # after T
        order("L7", latest_ship_date="2026-10-25T12:00:00Z", ship_date="2026-10-27T12:00:00Z",
              fulfillment_channel="Amazon"),  # FBA: not counted
        order("L8", "2026-09-30T00:00:00Z", latest_ship_date="2026-10-02T00:00:00Z", ship_date="2026-10-01T00:00:00Z"),  # in 30d only
    ]
    m, _ = run(tmp_path, rows)
    lsr10, lsr30 = m[("late_shipment_rate_10d", "MFN")], m[("late_shipment_rate_30d", "MFN")]
    assert (lsr10["numerator"], lsr10["denominator"]) == (2, 3)  # L3, L4 of L1 L3 L4
    assert lsr10["window"] == {"start": "2026-10-22", "end": "2026-10-31"}
    assert (lsr30["numerator"], lsr30["denominator"]) == (3, 5)  # + L2 late, L8 on time
    assert lsr30["window"]["start"] == "2026-10-02"
    assert ("late_shipment_rate_10d", "AFN") not in m


def test_pre_fulfillment_cancel_rate_counts_seller_and_system_not_buyer(tmp_path):
    rows = [
        order("C1", "2026-10-25T00:00:00Z", order_status="Cancelled", cancelled_by="seller"),  # first day
        order("C2", "2026-10-26T00:00:00Z", order_status="Cancelled", cancelled_by="buyer"),  # denominator only
        order("C3", "2026-10-27T00:00:00Z", order_status="Cancelled", cancelled_by="system"),
        order("C4", "2026-10-24T23:59:59Z", order_status="Cancelled", cancelled_by="seller"),  # before window(7)
        order("C5", "2026-10-30T00:00:00Z", ship_date="2026-10-30T05:00:00Z"),
        order("C6", "2026-10-31T23:00:00Z", order_status="Cancelled"),  # canceller unknown: seller (cautious)
    ]
    m, doc = run(tmp_path, rows)
    cr = m[("pre_fulfillment_cancel_rate", "MFN")]
    assert (cr["numerator"], cr["denominator"]) == (3, 5)
    assert cr["window"] == {"start": "2026-10-25", "end": "2026-10-31"}
    assert any("1 cancelled orders do not say who cancelled" in n for n in doc["notes"])


def test_valid_tracking_rate_with_and_without_carrier_scan_column(tmp_path):
    rows = [
        order("V1", "2026-09-30T00:00:00Z", ship_date="2026-10-02T00:00:00Z", tracking_number="1Z1", carrier_scan="true"),  # first day
        order("V2", "2026-09-30T00:00:00Z", ship_date="2026-10-01T23:59:59Z", tracking_number="1Z2", carrier_scan="true"),  # out
        order("V3", "2026-09-30T00:00:00Z", ship_date="2026-10-31T23:59:59Z", tracking_number="1Z3", carrier_scan="false"),  # no scan
        order("V4", "2026-09-30T00:00:00Z", ship_date="2026-10-15T00:00:00Z"),  # no tracking number
        order("V5", "2026-09-30T00:00:00Z", order_status="Unshipped", tracking_number="1Z5", carrier_scan="true"),  # not shipped: out
    ]
    m, _ = run(tmp_path, rows)
    vtr = m[("valid_tracking_rate", "MFN")]
    assert (vtr["numerator"], vtr["denominator"]) == (1, 3)
    assert vtr["target"] == {"op": ">=", "value": 0.95}
    no_scan = [{k: v for k, v in r.items() if k != "carrier_scan"} for r in rows]
    m, doc = run(tmp_path, no_scan)
    vtr = m[("valid_tracking_rate", "MFN")]
    assert (vtr["numerator"], vtr["denominator"]) == (2, 3)
    assert any("no carrier-scan column" in n for n in doc["notes"])


def test_on_time_delivery_rate_window_is_14_days_ending_7_days_before(tmp_path):
    valid = {"ship_date": "2026-10-05T00:00:00Z", "tracking_number": "1Z", "carrier_scan": "true"}
    rows = [
        order("D1", "2026-10-04T00:00:00Z", latest_delivery_date="2026-10-11T00:00:00Z", delivery_date="2026-10-11T23:00:00Z", **valid),
        order("D2", "2026-10-04T00:00:00Z", latest_delivery_date="2026-10-24T12:00:00Z", delivery_date="2026-10-25T01:00:00Z", **valid),
        order("D3", "2026-10-04T00:00:00Z", latest_delivery_date="2026-10-10T23:59:59Z", delivery_date="2026-10-09T00:00:00Z", **valid),
        order("D4", "2026-10-04T00:00:00Z", latest_delivery_date="2026-10-25T00:00:00Z", delivery_date="2026-10-24T00:00:00Z", **valid),
        order("D5", "2026-10-04T00:00:00Z", latest_delivery_date="2026-10-20T00:00:00Z", **valid),  # never delivered: not on time
        order("D6", "2026-10-04T00:00:00Z", latest_delivery_date="2026-10-20T00:00:00Z", delivery_date="2026-10-19T00:00:00Z",
              ship_date="2026-10-05T00:00:00Z", tracking_number="1Z", carrier_scan="false"),  # invalid: out
    ]
    m, _ = run(tmp_path, rows)
    otd = m[("on_time_delivery_rate", "MFN")]
    assert otd["window"] == {"start": "2026-10-11", "end": "2026-10-24"}
    assert (otd["numerator"], otd["denominator"]) == (1, 3)  # D1 of D1 D2 D5
    assert otd["status"] == "fail" and otd["orders_needed"] == 17  # (1 + 17) / (3 + 17) = 90 %


def test_no_data_and_missing_columns(tmp_path):
    rows = [order("A", "2026-10-30T00:00:00Z")]
    m, _ = run(tmp_path, rows)
    cr = m[("pre_fulfillment_cancel_rate", "MFN")]
    assert cr["status"] == "pass" and cr["headroom"] == 0  # 0 of 1; one cancel would be 100 %
    vtr = m[("valid_tracking_rate", "MFN")]
    assert vtr["status"] == "no_data" and vtr["value"] is None and "ship_date" in vtr["notes"][0]
    # An as-of date beyond every window is refused (issue 7); a channel without orders has no data.
    m, _ = run(tmp_path, [order("B", "2026-10-30T00:00:00Z", fulfillment_channel="Amazon")])
    odr = m[("order_defect_rate", "MFN")]
    assert (odr["status"], odr["denominator"], odr["headroom"], odr["orders_needed"]) == ("no_data", 0, None, None)


def test_defaults_as_of_to_last_purchase_day(tmp_path):
    of = read_orders(write_orders(tmp_path / "o.csv", [order("A", "2026-10-01T00:00:00Z"),
                                                        order("B", "2026-10-20T23:00:00+00:00")]))
    assert compute_all(of).to_json()["as_of"] == "2026-10-20"


@pytest.mark.parametrize(("op", "value", "num", "den", "expected"), [
    ("<", 0.01, 12, 975, (0, 226)),  # the example: 12 / 1201 < 1 %
    ("<", 0.01, 6, 665, (0, 0)),  # 7 / 665 would fail
    ("<", 0.01, 0, 1000, (9, 0)),  # 10 / 1000 is not < 1 %
    ("<", 0.01, 10, 1000, (0, 1)),
    ("<=", 0.02, 2, 100, (0, 0)),
    ("<=", 0.02, 3, 100, (0, 50)),  # 3 / 150 = 2 %
    (">=", 0.95, 340, 358, (0, 2)),  # 342 / 360 = 95 %
    (">=", 0.95, 95, 100, (0, 0)),
    (">=", 0.95, 100, 100, (5, 0)),
    (">=", 0.90, 1, 3, (0, 17)),
])
def test_headroom_and_orders_needed(op, value, num, den, expected):
    assert headroom_and_needed(Target(op, value), num, den) == expected


def test_ebay_uses_365_days_under_400_orders(tmp_path):
    rows = [order(f"E{i}", f"2026-{m:02d}-15T00:00:00Z") for i, m in enumerate(range(1, 11))]
    rows.append(order("X", "2026-03-01T00:00:00Z", order_status="Cancelled", cancelled_by="seller"))
    m, _ = run(tmp_path, rows, platform="ebay")
    tdr = m[("transaction_defect_rate", "MFN")]
    assert tdr["window"] == {"start": "2025-11-01", "end": "2026-10-31"}
    assert (tdr["numerator"], tdr["denominator"]) == (1, 11)
    assert tdr["target"] == {"op": "<=", "value": 0.005}  # Top Rated, like every eBay metric (issue 8)


def test_walmart_metrics(tmp_path):
    rows = [
        order("W1", "2026-10-10T00:00:00Z", order_status="Cancelled", cancelled_by="seller"),
        order("W2", "2026-10-11T00:00:00Z", ship_date="2026-10-12T00:00:00Z", tracking_number="T",
              carrier_scan="true", latest_delivery_date="2026-10-15T00:00:00Z", delivery_date="2026-10-16T00:00:00Z"),
    ]
    m, _ = run(tmp_path, rows, platform="walmart")
    assert (m[("cancellation_rate", "MFN")]["numerator"], m[("cancellation_rate", "MFN")]["denominator"]) == (1, 2)
    otd = m[("on_time_delivery_rate", "MFN")]
    assert (otd["numerator"], otd["denominator"], otd["status"]) == (0, 1, "fail")


def test_breakdown_by_sku_counts_an_order_in_each_of_its_groups(tmp_path):
    rows = [
        order("A", "2026-10-01T00:00:00Z", feedback_rating=1, sku="S1"),
        order("A", "2026-10-01T00:00:00Z", feedback_rating=1, sku="S2"),
        order("B", "2026-10-02T00:00:00Z", sku="S1"),
        order("C", "2026-10-03T00:00:00Z", chargeback="true", sku="S2"),
        order("D", "2026-10-03T00:00:00Z", sku="S3"),
    ]
    of = read_orders(write_orders(tmp_path / "o.csv", rows), keep=["sku"])
    out = breakdown(of, prepare(of), "amazon", T, "sku").to_json()["metrics"]["order_defect_rate:MFN"]
    assert [(g["group"], g["count"], g["denominator"]) for g in out] == [("S2", 2, 2), ("S1", 1, 2)]


def test_breakdown_for_at_least_metrics_counts_the_failures(tmp_path):
    rows = [order("A", ship_date="2026-10-20T00:00:00Z", tracking_number="1", carrier_scan="false", sku="S1"),
            order("B", ship_date="2026-10-20T00:00:00Z", tracking_number="2", carrier_scan="true", sku="S2")]
    of = read_orders(write_orders(tmp_path / "o.csv", rows), keep=["sku"])
    out = breakdown(of, prepare(of), "amazon", T, "sku").to_json()["metrics"]["valid_tracking_rate:MFN"]
    assert [(g["group"], g["count"]) for g in out] == [("S1", 1)]


def test_the_audit_is_the_metrics_document_plus_its_breakdowns_and_trend(tmp_path):
    """run_audit is run_metrics with a breakdown per dimension present and the daily trend: the same document,
    and each breakdown the same as --by gives."""
    from snippets.metrics.audit import contributors, run_audit
    from snippets.metrics.calculate import run_metrics

    rows = [order(f"O{i}", f"2026-10-{1 + i % 30:02d}T12:00:00Z", sku=f"S{i % 3}",
                  feedback_rating=1 if i % 4 == 0 else "") for i in range(60)]
    path = write_orders(tmp_path / "o.csv", rows)
    audit = run_audit(path, as_of="2026-10-31")
    plain = run_metrics(path, as_of=T)
    # the same document (breakdowns and trend are not part of it); the audit also read the sku column
    assert {**audit.to_json(), "source": None} == {**plain.to_json(), "source": None}
    assert audit.source.columns == {**plain.source.columns, "sku": "sku"}
    assert [b.by for b in audit.breakdowns] == ["sku"]  # carrier and ship_from are not in the file
    by_sku = run_metrics(path, as_of=T, by="sku").breakdown
    assert by_sku is not None and audit.breakdowns[0] == by_sku
    odr = next(m for m in audit.metrics if (m.id, m.channel) == ("order_defect_rate", "MFN"))
    assert odr.status == "fail" and audit.failing
    odr_groups = next(mb.groups for mb in by_sku.metrics if (mb.id, mb.channel) == ("order_defect_rate", "MFN"))
    table = contributors(audit, "en")
    shown = table[(table["Metric"] == "Order Defect Rate (ODR)") & (table["Channel"] == "MFN")]
    assert list(shown["Group"]) == [g.group for g in odr_groups[:3]] and len(shown) == 3
    assert audit.trend is not None and len(audit.trend[audit.trend["id"] == "order_defect_rate"]) == 90


def test_daily_trend_matches_the_metric_on_each_day(tmp_path):
    rows = [order(f"O{i}", f"2026-10-{d:02d}T12:00:00Z", feedback_rating=1 if d in (5, 20) else "")
            for i, d in enumerate(range(1, 31))]
    of = read_orders(write_orders(tmp_path / "o.csv", rows))
    trend = daily_trend(of, "amazon", T)
    odr = trend[(trend["id"] == "order_defect_rate") & (trend["channel"] == "MFN")].set_index("date")
    assert len(odr) == 90
    assert (odr.loc["2026-10-31", "numerator"], odr.loc["2026-10-31", "denominator"]) == (2, 30)
    assert (odr.loc["2026-10-10", "numerator"], odr.loc["2026-10-10", "denominator"]) == (1, 10)
    assert odr.index[0] == pd.Timestamp("2026-08-03") and odr.loc["2026-08-03", "denominator"] == 0
    assert np.isnan(odr.loc["2026-08-03", "value"])
    for day in (date(2026, 10, 4), date(2026, 10, 19), date(2026, 10, 31)):
        single = {(m["id"], m["channel"]): m for m in compute_all(of, "amazon", day).to_json()["metrics"]}
        assert odr.loc[str(day), "numerator"] == single[("order_defect_rate", "MFN")]["numerator"]


def test_every_metric_has_sources_and_documented_choices():
    for platform, metrics in load_metrics().items():
        for m in metrics:
            assert m.source and m.choice_zh and m.choice_en, (platform, m.id)
    page = metric_definitions_markdown("zh")
    assert "订单缺陷率" in page and "< 1%" in page and "我们的取舍" in page
    assert "Our choice: " in metric_definitions_markdown("en")


def test_sample_file_agrees_with_a_plain_pandas_count(tmp_path):
    """An independent, row-by-row-readable computation on the sample flat file gives the same counts."""
    from snippets.sample_data import write_sample_data

    path = write_sample_data(tmp_path, 1500, seed=11)["orders"]
    o = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False).drop_duplicates("amazon-order-id")
    day = {c: pd.to_datetime(o[c].replace("", None), utc=True).dt.date for c in
           ("purchase-date", "latest-ship-date", "ship-date", "latest-delivery-date", "delivery-date")}
    ts = {c: pd.to_datetime(o[c].replace("", None), utc=True) for c in ("latest-ship-date", "ship-date")}
    mfn = o["fulfillment-channel"] == "Merchant"

    def window(col, days, offset=0):
        end = T - pd.Timedelta(days=offset)
        return (day[col] >= end - pd.Timedelta(days=days - 1)) & (day[col] <= end)

    defect = o["feedback-rating"].isin(["1", "2"]) | o["a-to-z-claim"].isin(["open", "granted"]) | (
        o["chargeback"] == "true")
    cancelled = o["order-status"] == "Cancelled"
    shipped = o["ship-date"] != ""
    late = ~shipped | (ts["ship-date"] > ts["latest-ship-date"])
    valid = shipped & (o["tracking-number"] != "") & (o["carrier-scan"] == "true")
    expected = {
        ("order_defect_rate", "MFN"): (defect & mfn & window("purchase-date", 60), mfn & window("purchase-date", 60)),
        ("order_defect_rate", "AFN"): (defect & ~mfn & window("purchase-date", 60),
                                       ~mfn & window("purchase-date", 60)),
        ("late_shipment_rate_30d", "MFN"): (late & mfn & ~cancelled & window("latest-ship-date", 30),
                                            mfn & ~cancelled & window("latest-ship-date", 30)),
        ("pre_fulfillment_cancel_rate", "MFN"): (
            cancelled & o["cancelled-by"].isin(["seller", "system", ""]) & mfn & window("purchase-date", 7),
            mfn & window("purchase-date", 7)),
        ("valid_tracking_rate", "MFN"): (valid & mfn & window("ship-date", 30), shipped & mfn & window("ship-date", 30)),
        ("on_time_delivery_rate", "MFN"): (
            valid & mfn & window("latest-delivery-date", 14, 7) & (o["delivery-date"] != "")
            & (day["delivery-date"] <= day["latest-delivery-date"]),
            valid & mfn & window("latest-delivery-date", 14, 7)),
    }
    got = {(m["id"], m["channel"]): m for m in compute_all(read_orders(path), "amazon", T).to_json()["metrics"]}
    for key, (num, den) in expected.items():
        assert (got[key]["numerator"], got[key]["denominator"]) == (int(num.sum()), int(den.sum())), key
        assert got[key]["denominator"] > 0, key


def test_late_shipment_needs_a_ship_date_column(tmp_path):
    m, _ = run(tmp_path, [order("A", latest_ship_date="2026-10-30T00:00:00Z")])  # no ship_date column at all
    lsr = m[("late_shipment_rate_10d", "MFN")]
    assert lsr["status"] == "no_data" and "ship_date" in lsr["notes"][0]
