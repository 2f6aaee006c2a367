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
