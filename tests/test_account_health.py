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


def summarize_json(*args):
    """The report as the --format json document."""
    return summarize(*args).to_json()


def by_key(doc):
    return {(m["id"], m["channel"]): m for m in doc["metrics"]}


def test_example_metrics_use_the_reports_own_targets_and_windows(report):
    doc = summarize_json(report, EXAMPLE)
    m = by_key(doc)
    odr = m[("order_defect_rate", "MFN")]
    assert (odr["numerator"], odr["denominator"], odr["value"]) == (1078, 539000, 0.009)
    assert odr["window"] == {"start": "2020-09-06", "end": "2020-11-04"}
    # The status follows the report's rate (0.9 %, i.e. 4851 of 539000, not the 1078 counted), and so does the
    # headroom: 5389 / 539000 < 1 %, 5390 is not.
    assert odr["status"] == "pass" and odr["headroom"] == 5389 - 4851
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
    doc = summarize_json(report, EXAMPLE)
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
    doc = summarize_json(report, EXAMPLE)
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
    doc = summarize_json(report, EXAMPLE, "A1F83G8C2ARO7P")
    assert doc["marketplace_id"] == "A1F83G8C2ARO7P" and doc["other_marketplaces"] == ["ATVPDKIKX0DER"]
    assert by_key(doc)[("late_shipment_rate_30d", "MFN")]["numerator"] == 0
    assert summarize_json(report, EXAMPLE)["marketplace_id"] == "ATVPDKIKX0DER"
    with pytest.raises(UserError, match="marketplace XX is not in the report"):
        summarize(report, EXAMPLE, "XX")


# --- issue 7: the exit code says whether the account needs attention; hostile reports are exit 2 ---------------

def healthy(report):
    """The example report with everything put right: statuses NORMAL, rating GREAT, no violations or warnings,
    every metric passing."""
    report = copy.deepcopy(report)
    for s in report["accountStatuses"]:
        s["status"] = "NORMAL"
    pm = report["performanceMetrics"][0]
    pm["accountHealthRating"]["ahrStatus"] = "GREAT"
    for w in pm["warningState"]:
        w["status"] = "GOOD"
    for obj in pm.values():
        if isinstance(obj, dict) and "defectsCount" in obj:
            obj["defectsCount"] = 0
    otd = pm["unitOnTimeDeliveryRate"]
    otd.update(unitOnTimeDeliveryCount=160, totalUnitCount=165, rate=160 / 165)
    return report


def _cli(tmp_path, report, capsys, *args) -> tuple[int, str, str]:
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    code = main(["account-health", str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_healthy_account_exits_0(tmp_path, report, capsys):
    code, out, _ = _cli(tmp_path, healthy(report), capsys, "--lang", "en")
    assert code == 0 and "Needs attention" not in out


@pytest.mark.parametrize(("edit", "reason"), [
    (lambda r: r["accountStatuses"][2].update(status="SUSPENDED"), "SUSPENDED"),
    (lambda r: r["accountStatuses"][0].update(status="AT_RISK"), "AT_RISK"),
    (lambda r: r["accountStatuses"][1].update(status="DEACTIVATED"), "DEACTIVATED"),
    (lambda r: r["performanceMetrics"][0]["accountHealthRating"].update(ahrStatus="WARNED"), "WARNED"),
    (lambda r: r.update(performanceMetrics=[{"marketplaceId": "ATVPDKIKX0DER"}]), "no metric"),
    (lambda r: [m.update(orderCount=0) for m in r["performanceMetrics"][0]["orderDefectRate"].values()]
     and None or [r["performanceMetrics"][0].pop(k) for k in ("lateShipmentRate", "prefulfillmentCancelRate",
                                                              "validTrackingRate", "unitOnTimeDeliveryRate",
                                                              "onTimeDeliveryRate", "invoiceDefectRate")],
     "no metric"),
])
def test_an_account_at_risk_suspended_or_without_metrics_does_not_exit_0(tmp_path, report, capsys, edit, reason):
    bad = healthy(report)
    edit(bad)
    code, out, _ = _cli(tmp_path, bad, capsys, "--lang", "en")
    assert code == 1 and "Needs attention" in out and reason in out
    code, out, _ = _cli(tmp_path, bad, capsys, "--format", "json")
    assert code == 1 and any(reason in r for r in json.loads(out)["attention"])


def test_headroom_and_orders_needed_follow_the_numbers_of_the_status(report):
    from fractions import Fraction

    from snippets.metrics.definitions import Target

    doc = summarize_json(report, EXAMPLE)
    for m in doc["metrics"]:
        if m["status"] not in ("pass", "fail"):
            continue
        t, den = Target(m["target"]["op"], m["target"]["value"]), m["denominator"]
        n = round(Fraction(str(m["value"])) * den)  # the count the rate (which decides the status) stands for
        lower = t.op in ("<", "<=")
        if m["status"] == "pass":  # headroom more bad orders still pass; one more fails
            worse = n + m["headroom"] if lower else n - m["headroom"]
            assert t.met(worse, den), m
            assert not t.met(worse + 1 if lower else worse - 1, den), m
        elif m["orders_needed"] is not None:  # that many more good orders pass; one fewer does not
            k = m["orders_needed"]
            assert t.met(n if lower else n + k, den + k) and not t.met(n if lower else n + k - 1, den + k - 1), m


@pytest.mark.parametrize("text", [
    '{"accountStatuses": [], "performanceMetrics": [{"lateShipmentRate": {"orderCount": NaN}}]}',
    '{"accountStatuses": [], "performanceMetrics": [{"lateShipmentRate": {"orderCount": Infinity}}]}',
    '{"accountStatuses": [], "performanceMetrics": [{"lateShipmentRate": {"rate": 1e999}}]}',
    '{"accountStatuses": [], "performanceMetrics": [{"lateShipmentRate": {"orderCount": ' + "9" * 5000 + "}}]}",
    "[" * 100_000 + "]" * 100_000,
    '{"accountStatuses": [], "performanceMetrics": ' + "[" * 5000 + "]" * 5000 + "}",
])
def test_numbers_json_allows_but_arithmetic_does_not_and_deep_nesting_are_exit_2(tmp_path, capsys, text):
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    assert main(["account-health", str(path), "--format", "json"]) == 2
    out = capsys.readouterr()
    assert out.err.startswith("error: ") and "Traceback" not in out.err and out.out == ""


def test_negative_counts_and_rates_above_any_count_are_named(tmp_path, report, capsys):
    bad = copy.deepcopy(report)
    bad["performanceMetrics"][0]["lateShipmentRate"]["lateShipmentCount"] = -5
    code, _, err = _cli(tmp_path, bad, capsys)
    assert code == 2 and "lateShipmentRate.lateShipmentCount" in err


@pytest.mark.parametrize("kind", ["dir", "fifo", "dev"])
def test_only_regular_files_are_read(tmp_path, capsys, kind):
    import os

    path = {"dir": tmp_path, "dev": Path("/dev/zero"), "fifo": tmp_path / "fifo"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    assert main(["account-health", str(path)]) == 2  # and returns: a FIFO without a writer is never opened
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("value", [5, "abc", {"a": 1}])
def test_warning_states_that_are_not_a_list_are_named(tmp_path, report, capsys, value):
    bad = copy.deepcopy(report)
    bad["performanceMetrics"][0]["warningState"] = value
    code, _, err = _cli(tmp_path, bad, capsys)
    assert code == 2 and "performanceMetrics[0].warningState" in err
