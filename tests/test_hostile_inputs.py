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


@pytest.mark.parametrize("as_of", ["1970-01-01", "0001-01-01", "9999-12-31", "2020-01-01", "2027-06-01"])
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


# --- item 5: a tiny workbook that claims a huge used range ---------------------------------------------------

XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
    'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" '
    'sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_xlsx(path: Path, extra: str) -> Path:
    """A workbook written by hand: a header, 60 orders, and ``extra`` XML at the end of the sheet data."""
    import zipfile

    rows = [f'<row r="1">{_cell("A1", "order-id")}{_cell("B1", "purchase-date")}</row>']
    rows += [f'<row r="{r}">{_cell(f"A{r}", f"A{r}")}{_cell(f"B{r}", "2026-10-01T10:00:00Z")}</row>'
             for r in range(2, 62)]
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{"".join(rows)}{extra}</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in {**XLSX_PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            archive.writestr(name, text)
    return path


def _run_limited(*args: str):
    """The CLI in a child process with 2 GB of address space: a 512 GB allocation aborts it, not pytest."""
    import resource
    import subprocess
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run([sys.executable, "-m", "snippets", *args], capture_output=True, text=True, timeout=120,
                          preexec_fn=limit)


@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ100000"])
def test_one_far_cell_in_a_tiny_workbook_is_a_clear_error(tmp_path, ref):
    row = int("".join(ch for ch in ref if ch.isdigit()))
    path = write_xlsx(tmp_path / "orders.xlsx", f'<row r="{row}">{_cell(ref, "x")}</row>')
    assert path.stat().st_size < 3000
    out = _run_limited("metrics", str(path))
    assert out.returncode == 2, out.stderr[-500:]
    assert ref in out.stderr and "Traceback" not in out.stderr and "panicked" not in out.stderr


def test_a_styled_empty_cell_far_away_does_not_stop_the_read(tmp_path):
    path = write_xlsx(tmp_path / "orders.xlsx", '<row r="1048576"><c r="XFD1048576" s="1"/></row>')
    of = read_orders(path)
    assert of.n_orders == 60 and of.rows_read == 60


# --- item 9: two columns with one header ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("second", ["order-id", "Order-ID ", "purchase-date"])
def test_a_repeated_header_is_an_error_naming_both_columns_in_csv_and_xlsx(tmp_path, kind, second):
    import openpyxl

    headers = ["order-id", "purchase-date", "notes", second]
    rows = [[f"A{i}", "2026-10-01T10:00:00Z", "", f"B{i}"] for i in range(20)]
    if kind == "csv":
        path = tmp_path / "orders.csv"
        path.write_text("\n".join(",".join(r) for r in [headers, *rows]) + "\n", encoding="utf-8")
        first, other = ("1" if second.strip().lower() == "order-id" else "2"), "4"
    else:
        path = tmp_path / "orders.xlsx"
        wb = openpyxl.Workbook()
        for r in [headers, *rows]:
            wb.active.append(r)
        wb.save(path)
        first, other = ("A" if second.strip().lower() == "order-id" else "B"), "D"
    with pytest.raises(UserError) as err:
        read_orders(path)
    assert f"columns {first} and {other}" in str(err.value) and second.strip() in str(err.value)


def test_a_repeated_header_that_is_not_read_is_no_error(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order-id,notes,purchase-date,notes\n1,a,2026-10-01,b\n", encoding="utf-8")
    assert read_orders(path).n_orders == 1


# --- item 15: the audit with no metric that has data -----------------------------------------------------------

def test_the_audit_charts_a_file_where_no_metric_has_data(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from snippets.metrics.audit import action_list, headroom_table, plot_trends, run_audit

    path = tmp_path / "orders.csv"
    path.write_text("order-id,purchase-date\n" + "\n".join(f"A{i},2026-10-{1 + i % 28:02d}" for i in range(50))
                    + "\n", encoding="utf-8")
    audit = run_audit(path)
    assert audit.trend is not None and audit.trend.empty
    fig = plot_trends(audit.trend)
    assert fig is not None
    headroom_table(audit, "en")
    action_list(audit, "en")


# --- beyond the list: terminal escape sequences and bidi controls from a file are never printed raw -----------

UNSAFE = ["\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\x00"]


def test_escape_sequences_from_the_file_are_shown_escaped_in_tables_and_errors(tmp_path, capsys):
    from snippets.cli import main

    rows = [f"A{i},2026-10-{1 + i % 28:02d},SKU\x1b[31mRED\x1b[0m\u202e,1" for i in range(40)]
    path = tmp_path / "orders.csv"
    path.write_text("order-id,purchase-date,sku,feedback-rating\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["metrics", str(path), "--by", "sku", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "SKU\\x1b[31mRED" in out and not any(c in out for c in UNSAFE)
    bad = tmp_path / "headers.csv"
    bad.write_text("id\x1b]0;pwned\x07,when\u202e\n1,2\n", encoding="utf-8")
    assert main(["metrics", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "\\x1b]0;pwned" in err and not any(c in err for c in UNSAFE)


def test_a_row_longer_than_a_read_block_is_a_clear_error(tmp_path):
    from snippets.orders.text_tables import BLOCK

    path = tmp_path / "orders.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("order-id,purchase-date,sku\n")
        fh.writelines(f"A{i},2026-10-01,x\n" for i in range(100))
        fh.write("B1,2026-10-02," + "y" * (2 * BLOCK) + "\n")
    try:
        of = read_orders(path)
    except UserError as err:
        assert "longer than 16 MB" in str(err)
    else:  # pyarrow may manage it: then every row is there
        assert of.rows_read == 101 and of.n_orders == 101


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(tmp_path):
    import zipfile

    path = write_xlsx(tmp_path / "orders.xlsx", "")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * (60 << 20) + b"</sst>")
    assert path.stat().st_size < 200_000
    with pytest.raises(UserError, match="zip bomb"):
        read_orders(path)
