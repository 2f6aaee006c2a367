"""How the workbook fixtures beside this file were made (run once; the files are committed).

pandas cannot write legacy .xls, so orders_legacy.xls comes from xlwt; orders.ods from pandas with odfpy.
Neither library is a project dependency: install them aside, e.g.

    pip install --target /tmp/sheet-writers xlwt==1.3.0 odfpy==1.4.1
    PYTHONPATH=/tmp/sheet-writers python tests/data/readers/make_sheets.py
"""

from datetime import datetime
from pathlib import Path

import pandas as pd
import xlwt

HERE = Path(__file__).parent
HEADERS = ["amazon-order-id", "purchase-date", "fulfillment-channel", "tracking-number", "sku"]
DATE_CELL = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")


def legacy_xls() -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("订单")
    rows = {
        0: HEADERS,
        1: ["A", datetime(2026, 10, 1, 8, 30), "自发货", 123456789012, "蓝牙耳机"],  # a date cell, a number
        2: ["B", 46296.5, "FBA", None, "手机壳"],  # 2026-10-01 12:00 typed as an Excel serial number
        # sheet row 4 stays blank
        4: ["C", "someday", "Merchant", None, None],  # rejected: not a date
    }
    for r, values in rows.items():
        for c, value in enumerate(values):
            if value is not None:
                sheet.write(r, c, value, DATE_CELL) if isinstance(value, datetime) else sheet.write(r, c, value)
    book.save(HERE / "orders_legacy.xls")


def ods() -> None:
    pd.DataFrame({"amazon-order-id": ["A", "B"], "purchase-date": [datetime(2026, 10, 1, 8, 30), "2026-10-02"],
                  "fulfillment-channel": ["自发货", "FBA"], "tracking-number": [123456789012, None],
                  "sku": ["蓝牙耳机", "手机壳"]}).to_excel(HERE / "orders.ods", index=False, engine="odf")


if __name__ == "__main__":
    legacy_xls()
    ods()
