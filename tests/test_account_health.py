"""Amazon's own account health report (GET_V2_SELLER_PERFORMANCE_REPORT), read with Amazon's schema example."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from snippets.cli import main
from snippets.errors import UserError
from snippets.metrics.amazon_report import load_report, render_table, summarize

EXAMPLE = Path(__file__).parent / "data" / "accountHealthReport-example.json"


@pytest.fixture
def report():
    return load_report(EXAMPLE)


def by_key(doc):
    return {(m["id"], m["channel"]): m for m in doc["metrics"]}


def test_example_metrics_use_the_reports_own_targets_and_windows(report):
    doc = summarize(report, EXAMPLE)
    m = by_key(doc)
    odr = m[("order_defect_rate", "MFN")]
    assert (odr["numerator"], odr["denominator"], odr["value"]) == (1078, 539000, 0.009)
    assert odr["window"] == {"start": "2020-09-06", "end": "2020-11-04"}
    assert odr["status"] == "pass" and odr["headroom"] == 4311  # 5389 / 539000 < 1 %, 5390 is not
    assert m[("negative_feedback_rate", "AFN")]["numerator"] == 628
    assert m[("chargeback_rate", "MFN")]["numerator"] == 15
    lsr = m[("late_shipment_rate_30d", "MFN")]
    assert (lsr["numerator"], lsr["denominator"], lsr["status"]) == (27896, 870669, "pass")
    cr = m[("pre_fulfillment_cancel_rate", "MFN")]  # example spells it prefulfillmentCancelRate
    assert cr["target"] == {"op": "<", "value": 0.01}  # the report's target, not our 2.5 %
    assert "differs" in cr["notes"][0]
    vtr = m[("valid_tracking_rate", "MFN")]
    assert vtr["target"] == {"op": ">", "value": 0.95} and vtr["status"] == "pass"
    otd = m[("on_time_delivery_rate", "MFN")]  # unit-based, 146 / 165 = 88.5 % against > 90 %
    assert otd["status"] == "fail" and otd["orders_needed"] == 26  # 172 / 191 > 90 %; 171 / 190 is not
    assert doc["as_of"] == "2020-11-19"


def test_example_status_fields(report):
    doc = summarize(report, EXAMPLE)
    assert doc["ahr_status"] == "WARNED"
    assert doc["account_statuses"][2] == {"marketplace_id": "A1AM78C64UM0Y8", "status": "SUSPENDED"}
    counts = {v["id"]: v["count"] for v in doc["policy_violations"]}
    assert counts["documentRequests"] == 8  # example spells it documentRequest
    assert counts["productConditionCustomerComplaints"] == 337
    assert len(counts) == 8 and all(v["target"] == {"op": "==", "value": 0} for v in doc["policy_violations"])
    assert doc["warning_states"] == [{"warningType": "spammingSellerMessaging", "status": "BAD"}]


def test_declared_schema_spellings_are_read_too(report):
    pm = report["performanceMetrics"][0]
    pm["preFulfillmentCancellationRate"] = pm.pop("prefulfillmentCancelRate")
    pm["accountHealthRating"]["accountHealthRatingStatus"] = pm["accountHealthRating"].pop("ahrStatus")
    pm["warningStates"] = pm.pop("warningState")
    doc = summarize(report, EXAMPLE)
    assert ("pre_fulfillment_cancel_rate", "MFN") in by_key(doc)
    assert doc["ahr_status"] == "WARNED" and doc["warning_states"]


@pytest.mark.parametrize(("edit", "field"), [
    (lambda pm: pm["lateShipmentRate"].pop("orderCount"), "performanceMetrics[0].lateShipmentRate.orderCount"),
    (lambda pm: pm["validTrackingRate"].update(shipmentCount="many"),
     "performanceMetrics[0].validTrackingRate.shipmentCount"),
    (lambda pm: pm["orderDefectRate"]["mfn"]["reportingDateRange"].update(reportingDateTo="soon"),
     "performanceMetrics[0].orderDefectRate.mfn.reportingDateRange.reportingDateTo"),
    (lambda pm: pm["lateShipmentRate"].update(targetCondition="ABOUT"),
     "performanceMetrics[0].lateShipmentRate.targetCondition"),
])
def test_malformed_field_is_named(report, edit, field):
    bad = copy.deepcopy(report)
    edit(bad["performanceMetrics"][0])
    with pytest.raises(UserError, match="report field '" + re.escape(field) + "'"):
        summarize(bad, EXAMPLE)


def test_missing_top_level_and_not_json(tmp_path, report):
    with pytest.raises(UserError, match="'report.performanceMetrics' is missing"):
        summarize({"accountStatuses": []}, EXAMPLE)
    path = tmp_path / "r.json"
    path.write_text("<xml/>", encoding="utf-8")
    with pytest.raises(UserError, match="not a JSON document"):
        load_report(path)


def test_table_in_both_languages(report):
    doc = summarize(report, EXAMPLE)
    zh, en = render_table(doc, "zh"), render_table(doc, "en")
    assert "订单缺陷率" in zh and "商品状况买家投诉" in zh and "WARNED" in zh
    assert "Order Defect Rate" in en and "Product condition customer complaints" in en


def test_cli_json_has_the_metrics_shape_and_exit_code(capsys):
    assert main(["account-health", str(EXAMPLE), "--format", "json"]) == 1  # violations and a failing metric
    doc = json.loads(capsys.readouterr().out)
    assert {"platform", "as_of", "rows", "metrics", "ahr_status", "account_statuses", "policy_violations"} <= set(doc)
    assert set(doc["metrics"][0]) >= {"id", "channel", "value", "numerator", "denominator", "window", "target",
                                      "status", "headroom", "orders_needed"}


def test_cli_unreadable_report_exits_2(tmp_path, capsys):
    path = tmp_path / "r.json"
    path.write_text('{"accountStatuses": [], "performanceMetrics": [{"lateShipmentRate": []}]}', encoding="utf-8")
    assert main(["account-health", str(path)]) == 2
    assert "lateShipmentRate" in capsys.readouterr().err


def test_marketplace_choice(report):
    second = copy.deepcopy(report["performanceMetrics"][0])
    second["marketplaceId"] = "A1F83G8C2ARO7P"
    second["lateShipmentRate"]["lateShipmentCount"] = 0
    report["performanceMetrics"].append(second)
    doc = summarize(report, EXAMPLE, "A1F83G8C2ARO7P")
    assert doc["marketplace_id"] == "A1F83G8C2ARO7P" and doc["other_marketplaces"] == ["ATVPDKIKX0DER"]
    assert by_key(doc)[("late_shipment_rate_30d", "MFN")]["numerator"] == 0
    assert summarize(report, EXAMPLE)["marketplace_id"] == "ATVPDKIKX0DER"
    with pytest.raises(UserError, match="marketplace XX is not in the report"):
        summarize(report, EXAMPLE, "XX")
