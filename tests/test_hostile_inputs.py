"""Order files as a careless or hostile user might give them: nothing is lost silently, nothing crashes.

Each test here failed on the code before the fix it guards (issue 7).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.errors import UserError
from snippets.orders import read_orders
from snippets.sample_data import write_sample_data


def _sample_lines(tmp_path: Path, n_orders: int = 2000) -> tuple[list[str], list[str]]:
    path = write_sample_data(tmp_path / "sample", n_orders, seed=11)["orders"]
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines, lines[0].split("\t")


def _set(lines: list[str], headers: list[str], line_no: int, column: str, value: str) -> None:
    """Set one cell; line_no counts text lines, header = 1."""
    cells = lines[line_no - 1].split("\t")
    cells[headers.index(column)] = value
    lines[line_no - 1] = "\t".join(cells)


# --- item 3: a quote that is never closed swallows the lines after it ----------------------------------------

def test_unclosed_quote_late_in_a_big_file_is_not_a_silent_loss(tmp_path):
    lines, headers = _sample_lines(tmp_path)
    assert len(lines) > 2100
    _set(lines, headers, 2001, "product-name", '"unterminated name')
    path = tmp_path / "orders.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as err:  # hundreds of lines would be lost: far above the reject limit
        read_orders(path)
    message = str(err.value)
    assert "quote" in message and "row 2001" in message
    lost = len(lines) - 2001 + 1
    assert f"{lost} of {len(lines) - 1} rows rejected" in message


@pytest.mark.parametrize("sep", ["\t", ","])
def test_a_quote_closed_rows_later_rejects_every_swallowed_line(tmp_path, sep):
    lines, headers = _sample_lines(tmp_path, 300)
    _set(lines, headers, 101, "product-name", '"opened here')
    _set(lines, headers, 104, "product-name", 'closed here"')
    if sep == ",":
        lines = [ln.replace("\t", ",") for ln in lines]
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    of = read_orders(path)
    # Every text line after the header is a row: read, and then used or rejected.
    assert of.rows_read == len(lines) - 1
    quote = [p for p in of.rejects if "quote" in p.reason]
    assert quote and quote[0].count == 4 and quote[0].examples[0]["row"] == 101
    assert of.rows_rejected == 4


def test_quoted_line_breaks_in_a_product_name_are_still_one_row(tmp_path):
    path = tmp_path / "erp.csv"
    path.write_text('order-id,purchase-date,product-name\n1,2026-10-01,"Blue, large\npack of 2"\n'
                    '2,2026-10-02,plain\n', encoding="utf-8")
    of = read_orders(path)
    assert of.rows_read == 2 and of.rows_rejected == 0 and of.n_orders == 2


# --- item 4: one absurd date must not move the as-of date or flip the verdict --------------------------------

def _metrics(argv: list[str], capsys) -> tuple[int, dict | None, str]:
    import json

    from snippets.cli import main

    code = main(argv)
    captured = capsys.readouterr()
    doc = json.loads(captured.out) if code in (0, 1) and "--format" in argv else None
    return code, doc, captured.err


@pytest.mark.parametrize("value", ["9999-12-31T00:00:00+00:00", "2262-05-01T00:00:00+00:00", "0001-01-01",
                                   "0001-01-01T00:00:00-12:00", "9999-12-31T23:00:00-12:00", "1999-12-31",
                                   "2300-01-01 00:00:00"])
def test_an_absurd_purchase_date_is_rejected_and_does_not_move_the_as_of_date(tmp_path, capsys, value):
    lines, headers = _sample_lines(tmp_path)
    clean = tmp_path / "clean.txt"
    clean.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _set(lines, headers, 6, "purchase-date", value)
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code_clean, doc_clean, _ = _metrics(["metrics", str(clean), "--format", "json"], capsys)
    code, doc, err = _metrics(["metrics", str(bad), "--format", "json"], capsys)
    assert code_clean == 1, "the sample account fails a metric: the test needs a failing account"
    assert code == code_clean and "Traceback" not in err
    assert doc["as_of"] == doc_clean["as_of"]
    reasons = [p for p in doc["rejects"] if "plausible" in p["reason"]]
    assert reasons and reasons[0]["examples"][0]["row"] == 6 and doc["rows"]["rejected"] == 1


def test_a_purchase_after_the_file_was_saved_is_rejected(tmp_path):
    import os

    path = tmp_path / "orders.csv"
    rows = [f"{i},2026-09-{1 + i % 28:02d}T10:00:00Z" for i in range(60)] + ["99,2026-11-30T10:00:00Z"]
    path.write_text("order-id,purchase-date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    saved = 1791676800  # 2026-10-10 00:00 UTC: the export was saved before the last row's purchase date
    os.utime(path, (saved, saved))
    of = read_orders(path)
    assert of.rows_rejected == 1 and "99" not in of.orders["order_id"].tolist()


@pytest.mark.parametrize("as_of", ["1970-01-01", "0001-01-01", "9999-12-31", "2020-01-01"])
def test_an_as_of_date_far_from_the_orders_is_a_clear_error(tmp_path, capsys, as_of):
    path = write_sample_data(tmp_path, 200, seed=3)["orders"]
    code, _, err = _metrics(["metrics", str(path), "--as-of", as_of], capsys)
    assert code == 2 and f"--as-of {as_of}" in err and "Traceback" not in err


# --- item 10: values that parse but cannot be true are rejected rows with a reason ---------------------------

def test_ship_or_delivery_before_purchase_and_control_characters_in_ids_are_rejected(tmp_path):
    rows = [f"A{i},2026-10-{1 + i % 20:02d}T10:00:00Z,2026-10-{2 + i % 20:02d}T10:00:00Z,"
            for i in range(100)]
    rows[10] = "A10,2026-10-15T10:00:00Z,2026-10-01T10:00:00Z,"  # shipped two weeks before it was bought
    rows[20] = "A20,2026-10-15T10:00:00Z,2026-10-16T10:00:00Z,2026-09-01T10:00:00Z"  # delivered before
    rows[30] = "A\x1b[2J30,2026-10-15T10:00:00Z,,"  # a terminal escape in the id
    path = tmp_path / "orders.csv"
    path.write_text("order-id,purchase-date,ship-date,delivery-date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    of = read_orders(path)
    reasons = {p.reason.split(" in column")[0]: p.examples[0]["row"] for p in of.rejects}
    assert reasons == {"ship date before the purchase date": 12, "delivery date before the purchase date": 22,
                       "order id contains control characters (NUL, escape ...)": 32}
    assert of.n_orders == 97
