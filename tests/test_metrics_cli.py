"""`python -m snippets metrics`: the contract (JSON shape, tables, options, exit codes)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from metrics_fixtures import order, write_orders

from snippets.cli import main


@pytest.fixture
def orders_file(tmp_path):
    rows = [order(f"O{i}", f"2026-10-{d:02d}T10:00:00Z", sku=f"S{i % 2}", latest_ship_date=f"2026-10-{d:02d}T23:00:00Z",
                  ship_date=f"2026-10-{d:02d}T12:00:00Z", tracking_number=f"T{i}", carrier_scan="true")
            for i, d in enumerate(range(1, 31))]
    rows[3]["feedback_rating"] = 1  # one defect among 30 MFN orders: ODR 3.3 %, fails
    return write_orders(tmp_path / "orders.txt", rows, sep="\t")


def run_json(capsys, *args):
    code = main(["metrics", *map(str, args), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_json_contract(orders_file, capsys):
    code, doc = run_json(capsys, orders_file)
    assert code == 1  # ODR fails
    assert doc["platform"] == "amazon" and doc["as_of"] == "2026-10-30"  # last purchase date
    assert doc["rows"] == {"read": 30, "orders": 30, "rejected": 0}
    ids = [(m["id"], m["channel"]) for m in doc["metrics"]]
    assert ids[:4] == [("order_defect_rate", "MFN"), ("negative_feedback_rate", "MFN"), ("a_to_z_claim_rate", "MFN"),
                       ("chargeback_rate", "MFN")]
    assert {"late_shipment_rate_10d", "late_shipment_rate_30d", "pre_fulfillment_cancel_rate", "valid_tracking_rate",
            "on_time_delivery_rate"} <= {i for i, _ in ids}
    odr = doc["metrics"][0]
    assert set(odr) >= {"id", "channel", "value", "numerator", "denominator", "window", "target", "status",
                        "headroom", "orders_needed"}
    assert (odr["numerator"], odr["denominator"], odr["status"], odr["headroom"], odr["orders_needed"]) == (
        1, 30, "fail", 0, 71)  # 1 / 101 < 1 %
    assert odr["window"] == {"start": "2026-09-01", "end": "2026-10-30"}


def test_as_of_platform_and_passing_exit_code(orders_file, capsys):
    code, doc = run_json(capsys, orders_file, "--as-of", "2026-10-03", "--platform", "walmart")
    assert code == 0 and doc["as_of"] == "2026-10-03" and doc["platform"] == "walmart"
    assert [m["id"] for m in doc["metrics"]][0] == "cancellation_rate"


def test_by_breakdown(orders_file, capsys):
    _, doc = run_json(capsys, orders_file, "--by", "sku")
    assert doc["breakdown"]["metrics"]["order_defect_rate:MFN"] == [
        {"group": "S1", "count": 1, "denominator": 15, "rate": 0.066667, "share": 1.0}]


def test_map_and_tz_options(tmp_path, capsys):
    path = tmp_path / "o.csv"
    path.write_text("单号,时间\nA,2026-10-31 20:00:00\n", encoding="utf-8")
    code, doc = run_json(capsys, path, "--map", "单号=order_id", "--map", "时间=purchase_date", "--tz", "Asia/Shanghai")
    assert code == 0 and doc["as_of"] == "2026-10-31" and doc["tz"] == "Asia/Shanghai"
    assert doc["source"]["columns"] == {"order_id": "单号", "purchase_date": "时间"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_for_the_morning_read(orders_file, capsys, lang):
    assert main(["metrics", str(orders_file), "--lang", lang, "--by", "sku"]) == 1
    out = capsys.readouterr().out
    if lang == "zh":
        assert "订单缺陷率 (ODR)" in out and "未达标" in out and "还需 71 个合格订单" in out and "按 sku 拆分" in out
    else:
        assert "Order Defect Rate (ODR)" in out and "FAIL" in out and "needs 71 more good orders" in out


def test_bad_input_exits_2_without_traceback(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("id,when\nA,2026-10-01\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "snippets", "metrics", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "required column 'order_id' not found" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_arguments_exit_2(orders_file, capsys):
    with pytest.raises(SystemExit) as err:
        main(["metrics", str(orders_file), "--as-of", "31/10/2026"])
    assert err.value.code == 2
    assert main(["metrics", str(orders_file), "--by", "colour"]) == 2
    assert "--by colour: no such column" in capsys.readouterr().err


def test_table_lists_rejects_conflicts_and_notes(tmp_path, capsys):
    rows = [order(f"O{i}", "2026-10-01T00:00:00Z", ship_date="2026-10-02T00:00:00Z", tracking_number=f"T{i}")
            for i in range(30)]
    rows[2]["purchase_date"] = "not a date"  # row 4
    rows.append(dict(rows[5], ship_date="2026-10-03T00:00:00Z"))  # a second item row of O5 that disagrees
    path = write_orders(tmp_path / "o.csv", rows)
    assert main(["metrics", str(path), "--lang", "en"]) in (0, 1)
    out = capsys.readouterr().out
    assert "Rows: 31 read · 29 orders · 1 rejected" in out
    assert "purchase date missing or not a date" in out and ": 1 (row 4 'not a date')" in out
    assert "disagree on 'ship_date'" in out and "order O5 (rows 7, 32)" in out
    assert "no carrier-scan column" in out


def test_rows_with_line_breaks_in_values_are_explained(tmp_path, capsys):
    path = tmp_path / "o.csv"
    path.write_text('order_id,purchase_date,product-name\nA,2026-10-01,"Earbuds\nblack"\nB,soon,Case\n'
                    + "".join(f"O{i},2026-10-02,Cable\n" for i in range(30)), encoding="utf-8")
    assert main(["metrics", str(path), "--lang", "en"]) in (0, 1)
    out = capsys.readouterr().out
    assert ": 1 (row 3 (line 4) 'soon')" in out  # the text-editor line beside the spreadsheet row
    assert "row numbers count records as a spreadsheet shows them (header = row 1)" in out and "row 3 = line 4" in out
    assert main(["metrics", str(path), "--format", "json"]) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    assert doc["rejects"][0]["examples"] == [{"row": 3, "column": "purchase_date", "value": "soon", "line": 4}]


def test_by_any_header_and_order_level_field(tmp_path, capsys):
    rows = [order("A", "2026-10-01T00:00:00Z", feedback_rating=1, Warehouse="SZ", Shop="north"),
            order("B", "2026-10-02T00:00:00Z", Warehouse="NJ", Shop="south", order_status="Cancelled",
                  cancelled_by="buyer")]
    path = write_orders(tmp_path / "o.csv", rows)
    _, doc = run_json(capsys, path, "--by", "WAREHOUSE")
    assert doc["breakdown"]["by"] == "ship_from"  # "warehouse" is an alias of ship_from
    assert doc["breakdown"]["metrics"]["order_defect_rate:MFN"][0]["group"] == "SZ"
    _, doc = run_json(capsys, path, "--by", "shop")  # a header we have no alias for
    assert doc["breakdown"]["by"] == "Shop"
    assert doc["breakdown"]["metrics"]["order_defect_rate:MFN"][0]["group"] == "north"
    _, doc = run_json(capsys, path, "--by", "order_status")
    assert doc["breakdown"]["metrics"]["order_defect_rate:MFN"][0]["group"] == "Shipped"
