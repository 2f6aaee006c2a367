"""Reading real export shapes: encodings, delimiters, XLSX, header aliases, --map, timestamps, rejects."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from metrics_fixtures import order, write_orders

from snippets.errors import UserError
from snippets.orders import parse_mapping, read_orders

ZH_HEADERS = {"order_id": "订单号", "purchase_date": "下单时间", "fulfillment_channel": "配送方式",
              "order_status": "订单状态", "ship_date": "发货时间", "carrier_scan": "揽收扫描", "sku": "商品SKU"}
ROWS_ZH = [
    {"order_id": "111-1", "purchase_date": "2026/10/01 08:00:00", "fulfillment_channel": "自发货",
     "order_status": "已发货", "ship_date": "2026/10/02 09:00:00", "carrier_scan": "是", "sku": "蓝牙耳机"},
    {"order_id": "111-2", "purchase_date": "2026/10/03 08:00:00", "fulfillment_channel": "FBA",
     "order_status": "已取消", "ship_date": "", "carrier_scan": "否", "sku": "手机壳"},
]


def ts(text: str) -> np.datetime64:
    return np.datetime64(text, "s")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "shift_jis"])
@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_encodings_and_delimiters_give_the_same_orders(tmp_path, encoding, sep):
    rows, headers = [dict(r) for r in ROWS_ZH], ZH_HEADERS
    if encoding == "shift_jis":  # Amazon Japan: Japanese headers and text (Shift-JIS has no simplified Chinese)
        headers = {"order_id": "注文番号", "purchase_date": "購入日", "fulfillment_channel": "配送方式"}
        for r, sku, channel, status in zip(rows, ["イヤホン", "スマホケース"], ["Merchant", "Amazon"],
                                           ["Shipped", "Cancelled"], strict=True):
            r.update(sku=sku, fulfillment_channel=channel, order_status=status,
                     carrier_scan={"是": "true", "否": "false"}[r["carrier_scan"]])
    path = write_orders(tmp_path / "orders.txt", rows, sep=sep, encoding=encoding, headers=headers)
    of = read_orders(path, keep=["sku"])
    assert of.rows_read == 2 and of.rows_rejected == 0
    assert of.orders["order_id"].tolist() == ["111-1", "111-2"]
    assert of.orders["fulfillment_channel"].tolist() == ["MFN", "AFN"]
    assert of.orders["order_status"].tolist() == ["Shipped", "Cancelled"]
    assert of.orders["carrier_scan"].tolist() == ["true", "false"]
    assert of.orders["ship_date"].iloc[0] == pd.Timestamp("2026-10-02 09:00:00")
    assert of.items["sku"].tolist() == [r["sku"] for r in rows]
    assert of.columns["order_id"] == headers["order_id"]


def test_amazon_sample_flat_file(tmp_path):
    from snippets.sample_data import write_sample_data

    paths = write_sample_data(tmp_path, 300, seed=3)
    of = read_orders(paths["orders"])
    raw = pd.read_csv(paths["orders"], sep="\t", dtype=str)
    assert of.rows_read == len(raw) and of.rows_rejected == 0 and not of.conflicts
    assert len(of.orders) == raw["amazon-order-id"].nunique() == 300
    assert set(of.orders["fulfillment_channel"]) == {"MFN", "AFN"}
    assert of.encoding == "utf-8" and of.delimiter == "\t"


def test_xlsx_with_excel_dates_and_serial_numbers(tmp_path):
    frame = pd.DataFrame({
        "amazon-order-id": ["A", "B"],
        "purchase-date": [datetime(2026, 10, 1, 8, 30), 46296.5],  # 46296.5 = 2026-10-01 12:00 as an Excel serial
        "tracking-number": [123456789012, None],
    })
    path = tmp_path / "orders.xlsx"
    frame.to_excel(path, index=False)
    of = read_orders(path)
    assert of.encoding == "xlsx"
    assert of.orders["purchase_date"].tolist() == [pd.Timestamp("2026-10-01 08:30"), pd.Timestamp("2026-10-01 12:00")]
    assert of.orders["tracking_number"].tolist()[0] == "123456789012"


def test_xlsx_text_cells_empty_cells_and_a_header_below_blank_rows(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([])  # ERP exports sometimes start lower down; rows keep the numbers the sheet shows
    sheet.append(["订单号", "下单时间", "运单号", "揽收扫描", "卖家SKU", None, "买家评分"])
    sheet.append(["00123", "2026-10-01 08:00:00", "0042", True, "耳机", "x", 5])
    sheet.append(["00124", datetime(2026, 10, 2, 9, 15, 30, 250000), None, False, None, None, "oops"])
    sheet.append([None] * 7)
    book.save(tmp_path / "o.xlsx")
    of = read_orders(tmp_path / "o.xlsx", keep=["sku"], max_reject_share=1)
    assert of.orders["order_id"].tolist() == ["00123"]  # text cells keep their leading zeros
    assert of.orders["tracking_number"].tolist() == ["0042"]
    assert of.orders["carrier_scan"].tolist() == ["true"]
    assert of.items["sku"].tolist() == ["耳机"]
    assert (of.rows_read, of.rows_rejected) == (2, 1)
    assert of.rejects[0].examples == [{"row": 4, "column": "买家评分", "value": "oops"}]


# Made by data/readers/make_sheets.py (xlwt 1.3.0: pandas cannot write .xls), in sheet rows 1-5: header;
# A, a date cell 2026-10-01 08:30, 自发货, tracking 123456789012 (a number), 蓝牙耳机; B, 46296.5 (a serial
# number), FBA, -, 手机壳; a blank row; C, 'someday', Merchant. orders.ods: the same two orders (odfpy 1.4.1).
LEGACY_SHEETS = Path(__file__).parent / "data" / "readers"


def test_legacy_xls_workbook():
    of = read_orders(LEGACY_SHEETS / "orders_legacy.xls", keep=["sku"], max_reject_share=1)
    assert of.encoding == "xls"
    assert of.orders["purchase_date"].tolist() == [pd.Timestamp("2026-10-01 08:30"), pd.Timestamp("2026-10-01 12:00")]
    assert of.orders["fulfillment_channel"].tolist() == ["MFN", "AFN"]
    assert of.orders["tracking_number"].tolist()[0] == "123456789012"
    assert of.items["sku"].tolist() == ["蓝牙耳机", "手机壳"]
    assert (of.rows_read, of.rows_rejected) == (3, 1) and "1 blank rows skipped" in of.notes[0]
    assert of.rejects[0].examples == [{"row": 5, "column": "purchase-date", "value": "someday"}]


def test_ods_workbook():
    of = read_orders(LEGACY_SHEETS / "orders.ods")
    assert of.encoding == "ods"
    assert of.orders["purchase_date"].tolist() == [pd.Timestamp("2026-10-01 08:30"), pd.Timestamp("2026-10-02")]
    assert of.orders["tracking_number"].tolist()[0] == "123456789012"


def test_timestamp_forms_and_tz(tmp_path):
    rows = [order("A", "2026-10-01T08:00:00+08:00"), order("B", "2026-10-01T08:00:00"),
            order("C", "2026/10/1 8:00"), order("D", "2026-10-01"), order("E", "2026-10-01T08:00:00Z"),
            order("F", "2026年10月1日 08:00:00")]
    path = write_orders(tmp_path / "o.csv", rows)
    utc = read_orders(path).orders["purchase_date"].to_numpy()
    assert list(utc) == [ts("2026-10-01T00:00:00"), ts("2026-10-01T08:00:00"), ts("2026-10-01T08:00:00"),
                         ts("2026-10-01T00:00:00"), ts("2026-10-01T08:00:00"), ts("2026-10-01T08:00:00")]
    sh = read_orders(path, tz="Asia/Shanghai").orders["purchase_date"].to_numpy()
    # With --tz only the values without an offset move.
    assert list(sh) == [ts("2026-10-01T00:00:00"), ts("2026-10-01T00:00:00"), ts("2026-10-01T00:00:00"),
                        ts("2026-09-30T16:00:00"), ts("2026-10-01T08:00:00"), ts("2026-10-01T00:00:00")]
    with pytest.raises(UserError, match="unknown time zone"):
        read_orders(path, tz="Mars/Olympus")


def test_header_aliases_are_case_insensitive_and_map_overrides(tmp_path):
    rows = [{"Order ID": "A", "PURCHASE-DATE": "2026-10-01", "Versand": "Amazon"}]
    path = tmp_path / "o.csv"
    path.write_text("Order ID,PURCHASE-DATE,Versand\nA,2026-10-01,Amazon\n", encoding="utf-8")
    of = read_orders(path)
    assert of.columns["order_id"] == "Order ID" and "fulfillment_channel" not in of.columns
    assert any("every order counted as seller-fulfilled" in n for n in of.notes)
    of = read_orders(path, mapping=parse_mapping(["versand=fulfillment_channel"]))
    assert of.orders["fulfillment_channel"].tolist() == ["AFN"] and rows


def test_map_rejects_unknown_field_or_header(tmp_path):
    path = write_orders(tmp_path / "o.csv", [order("A")])
    with pytest.raises(UserError, match="expected HEADER=FIELD"):
        parse_mapping(["x=not_a_field"])
    with pytest.raises(UserError, match="no such header"):
        read_orders(path, mapping=parse_mapping(["Nope=ship_date"]))


def test_missing_required_column_names_field_headers_and_closest_match(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("amazon-order-id,purchase-dt,sku\nA,2026-10-01,S\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_orders(path)
    msg = str(err.value)
    assert "'purchase_date' not found" in msg
    assert "Headers found: amazon-order-id, purchase-dt, sku" in msg
    assert "Closest match: 'purchase-dt'" in msg and '--map "purchase-dt=purchase_date"' in msg


def test_rejected_rows_are_counted_with_row_numbers(tmp_path):
    rows = [order(f"O{i}", "2026-10-01T00:00:00Z") for i in range(40)]
    rows[4]["purchase_date"] = "yesterday"  # file row 6 (header is row 1)
    rows[9]["fulfillment_channel"] = "Drone"  # file row 11
    of = read_orders(write_orders(tmp_path / "o.csv", rows))
    assert (of.rows_read, len(of.orders), of.rows_rejected) == (40, 38, 2)
    by_reason = {p.reason.split(" (")[0].split(" in column")[0]: p for p in of.rejects}
    assert "expected e.g. 2026-10-31T14:05:00+08:00" in of.rejects[0].reason
    assert by_reason["purchase date missing or not a date"].examples == [
        {"row": 6, "column": "purchase_date", "value": "yesterday"}]
    assert by_reason["unknown fulfillment channel"].examples[0]["row"] == 11


def test_more_than_five_percent_rejected_stops(tmp_path):
    rows = [order(f"O{i}", "2026-10-01T00:00:00Z") for i in range(20)]
    rows[3]["order_status"] = "Teleported"  # 1 of 20 = 5 %: still fine
    read_orders(write_orders(tmp_path / "o.csv", rows))
    rows[4]["order_status"] = "Lost"  # 2 of 20 = 10 %
    with pytest.raises(UserError, match=r"2 of 20 rows rejected \(10.0%.*row 5 'Teleported'"):
        read_orders(write_orders(tmp_path / "o.csv", rows))


def test_row_with_wrong_number_of_fields_is_rejected_with_its_row_number(tmp_path):
    lines = ["order_id,purchase_date"] + [f"O{i},2026-10-01" for i in range(30)]
    lines[7] = "O6,2026-10-01,extra"
    path = tmp_path / "o.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    of = read_orders(path)
    assert (of.rows_read, len(of.orders), of.rows_rejected) == (30, 29, 1)
    assert of.rejects[0].examples[0]["row"] == 8
    assert of.orders["first_row"].tolist()[6:8] == [9, 10]


def test_item_rows_merge_into_orders_and_conflicts_are_reported(tmp_path):
    rows = [
        order("A", "2026-10-01T00:00:00Z", ship_date="", sku="S1"),
        order("A", "2026-10-01T00:00:00Z", ship_date="2026-10-02T00:00:00Z", sku="S2"),  # blank + value: fine
        order("B", "2026-10-01T00:00:00Z", ship_date="2026-10-02T00:00:00Z", sku="S1"),
        order("C", "2026-10-01T00:00:00Z", sku="S1"),
        order("B", "2026-10-01T00:00:00Z", ship_date="2026-10-05T00:00:00Z", sku="S3"),  # not adjacent, differs
    ]
    of = read_orders(write_orders(tmp_path / "o.csv", rows), keep=["sku"])
    assert of.orders["order_id"].tolist() == ["A", "B", "C"]
    assert of.orders["ship_date"].tolist()[:2] == [pd.Timestamp("2026-10-02"), pd.Timestamp("2026-10-02")]
    assert len(of.conflicts) == 1
    conflict = of.conflicts[0]
    assert conflict.count == 1 and "ship_date" in conflict.reason
    assert conflict.examples[0]["order_id"] == "B" and conflict.examples[0]["rows"] == [4, 6]
    assert sorted(of.items["sku"]) == ["S1", "S1", "S1", "S2", "S3"]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"order_id,purchase_date\n", "no order rows"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "cannot open it as an Excel workbook"),  # damaged .xls
    (b"PK\x03\x04" + bytes(600), "cannot open it as an Excel workbook"),  # damaged .xlsx (a cut-off download)
    ("订单号 下单时间\nA 2026-10-01\n".encode(), "found only one column"),
])
def test_unusable_files_get_a_clear_message(tmp_path, content, message):
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        read_orders(path)


def test_zipped_report_is_not_taken_for_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "report.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("orders.txt", "amazon-order-id\tpurchase-date\nA\t2026-10-01\n")
    with pytest.raises(UserError, match=r"a zip archive, not a workbook. Unzip it .*\(orders.txt\)"):
        read_orders(path)


def test_value_normalisation(tmp_path):
    rows = [order("A", fulfillment_channel="FBA", order_status="canceled", cancelled_by="买家", chargeback="是",
                  a_to_z_claim="已批准", feedback_rating="2"),
            order("B", fulfillment_channel="merchant", order_status="已发货", chargeback="no", a_to_z_claim="NONE")]
    o = read_orders(write_orders(tmp_path / "o.csv", rows)).orders
    assert o["fulfillment_channel"].tolist() == ["AFN", "MFN"]
    assert o["order_status"].tolist() == ["Cancelled", "Shipped"]
    assert o["cancelled_by"].tolist()[0] == "buyer"
    assert o["chargeback"].tolist() == ["true", "false"]
    assert o["a_to_z_claim"].tolist() == ["granted", "none"]
    assert o["feedback_rating"].tolist()[0] == 2


def test_gbk_text_first_seen_after_the_sniffed_bytes(tmp_path):
    rows = [order(f"O{i:05d}", "2026-10-01T00:00:00Z", sku="SKU-PLAIN-ASCII-NAME") for i in range(3000)]
    rows[-1]["sku"] = "蓝牙耳机"
    path = write_orders(tmp_path / "o.csv", rows, encoding="gb18030")
    assert path.stat().st_size > 2 * 65536
    of = read_orders(path, keep=["sku"])
    assert of.encoding == "gb18030" and of.items["sku"].iloc[-1] == "蓝牙耳机"


def test_xlsx_blank_rows_are_skipped_and_row_numbers_match_the_sheet(tmp_path):
    frame = pd.DataFrame({"order_id": ["A", None, "B"], "purchase_date": ["2026-10-01", None, "someday"]})
    path = tmp_path / "o.xlsx"
    frame.to_excel(path, index=False)
    of = read_orders(path, max_reject_share=1)
    assert (of.rows_read, of.n_orders, of.rows_rejected) == (2, 1, 1)
    assert of.rejects[0].examples == [{"row": 4, "column": "purchase_date", "value": "someday"}]


def test_quoted_line_breaks_in_csv_values(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text('order_id,purchase_date,sku\nA,2026-10-01,"Earbuds\nblack"\nB,2026-10-02,Case\n', encoding="utf-8")
    of = read_orders(path, keep=["sku"])
    assert (of.rows_read, of.n_orders, of.rows_rejected) == (2, 2, 0)
    assert of.items["sku"].tolist() == ["Earbuds\nblack", "Case"]


def multi_line_product_names(path: Path, extra_rows: int = 60) -> Path:
    """An ERP CSV whose product names hold line breaks, then rows with problems. Text lines (records):
    1 header; 2-4 A (a name on three lines); 5 B, bad date (row 3); 6 C, one field too many (row 4);
    7-8 D (a name on two lines, row 5); 9 E, bad date (row 6); then F0... from line 10 (row 7); the last
    line is a second item row of D that disagrees on the ship date."""
    text = ('order_id,purchase_date,ship_date,product-name\n'
            'A,2026-10-01,,"Earbuds\nblack\nv2"\n'
            'B,soon,,Case\n'
            'C,2026-10-01,,Cable,extra\n'
            'D,2026-10-01,2026-10-02,"Lamp\n""warm"""\n'
            'E,later,,Mat\n'
            + "".join(f"F{i},2026-10-02,,Plain\n" for i in range(extra_rows))
            + 'D,2026-10-01,2026-10-03,Lamp\n')
    path.write_text(text, encoding="utf-8")
    return path


def test_row_numbers_are_records_and_lines_are_given_when_values_hold_line_breaks(tmp_path):
    of = read_orders(multi_line_product_names(tmp_path / "o.csv"), keep=["product-name"])
    assert (of.rows_read, of.rows_rejected, of.n_orders) == (66, 3, 62)
    by_reason = {p.reason.split(" (")[0]: p.examples for p in of.rejects}
    assert by_reason["purchase date missing or not a date"] == [
        {"row": 3, "column": "purchase_date", "value": "soon", "line": 5},
        {"row": 6, "column": "purchase_date", "value": "later", "line": 9}]
    assert by_reason["wrong number of fields in the row"] == [{"row": 4, "column": None, "value": None, "line": 6}]
    assert of.conflicts[0].examples[0]["rows"] == [5, 67] and of.conflicts[0].examples[0]["lines"] == [7, 70]
    assert of.orders["first_row"].tolist()[:3] == [2, 5, 7]  # A, D, F0
    assert of.items["product-name"].tolist()[:2] == ["Earbuds\nblack\nv2", 'Lamp\n"warm"']
    assert ("row numbers count records as a spreadsheet shows them (header = row 1); values with line breaks "
            "make some records span several lines, so a text editor shows them on other lines: row 3 = line 5, "
            "row 4 = line 6, row 5 = line 7, row 6 = line 9, row 67 = line 70") in of.notes


def test_without_line_breaks_in_values_rows_are_lines_and_no_note(tmp_path):
    rows = [order(f"O{i}", "2026-10-01T00:00:00Z", sku='a "quoted" name' if i == 1 else "x") for i in range(30)]
    rows[20]["purchase_date"] = "soon"  # row 22 = line 22
    of = read_orders(write_orders(tmp_path / "o.csv", rows))
    assert of.rejects[0].examples == [{"row": 22, "column": "purchase_date", "value": "soon"}]
    assert not any("text editor" in n for n in of.notes)


def test_too_many_rejects_message_gives_rows_and_lines(tmp_path):
    with pytest.raises(UserError, match=r"row 3 \(line 5\) 'soon', row 6 \(line 9\) 'later'"):
        read_orders(multi_line_product_names(tmp_path / "o.csv", extra_rows=5))


def test_line_breaks_first_quoted_after_the_first_blocks(tmp_path):
    """pyarrow splits a large file into blocks at line breaks; quoted line breaks that the first 64 KiB did
    not announce must not stop the read."""
    plain = "".join(f"O{i},2026-10-01,plain product name number {i}\n" for i in range(2000))
    quoted = "".join(f'P{i},2026-10-02,"a\nname\non\nfive\nlines"\n' for i in range(1_100_000))
    path = tmp_path / "o.csv"
    path.write_text("order_id,purchase_date,product-name\n" + plain + quoted, encoding="utf-8")
    assert path.stat().st_size > 2 * (1 << 24) and b'"' not in path.read_bytes()[:1 << 16]
    of = read_orders(path, keep=["product-name"])
    assert (of.rows_read, of.rows_rejected, of.n_orders) == (1_102_000, 0, 1_102_000)
    assert of.items["product-name"].iloc[-1] == "a\nname\non\nfive\nlines"


def test_spaces_around_values_and_blank_looking_cells(tmp_path):
    rows = [order(" A ", " 2026-10-01 08:00:00 ", fulfillment_channel=" Amazon ", ship_date="  "),
            order("B", "2026-10-02T08:00:00+08:00", ship_date="2026-10-03")]
    of = read_orders(write_orders(tmp_path / "o.csv", rows))
    assert of.rows_rejected == 0
    assert of.orders["order_id"].tolist() == ["A", "B"]
    assert of.orders["fulfillment_channel"].tolist() == ["AFN", "MFN"]
    assert of.orders["ship_date"].isna().tolist() == [True, False]


def test_blank_lines_do_not_shift_row_numbers(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text("order_id,purchase_date\nA,2026-10-01\n\n,\nB,soon\nC,2026-10-02\n" + "D,2026-10-03\n" * 30,
                    encoding="utf-8")
    of = read_orders(path)
    assert (of.rows_read, of.rows_rejected) == (33, 1)
    assert of.rejects[0].examples[0]["row"] == 5
    assert "2 blank rows skipped" in of.notes[0]
