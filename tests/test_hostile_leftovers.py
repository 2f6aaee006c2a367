"""The problems the second hostile round left open (benchmarks/results/hostile_round2.md, items 29 to 33):
a case, return or message on two rows counted twice, a refund dated before the item came back, an unclosed
quote called "only one column", formula cells without a stored value read as blank in silence, and
``run_audit(as_of="garbage")`` ending in a bare ValueError. Each test failed on the code before its fix."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snippets.disputes.triage import notes as case_notes
from snippets.disputes.triage import summary as case_summary
from snippets.disputes.triage import triage
from snippets.errors import UserError
from snippets.returns.analysis import read_returns, refund_before_return
from snippets.returns.analysis import summary as returns_summary
from snippets.sample_data import write_sample_data
from snippets.service.response_time import buyer_messages, read_messages
from snippets.service.response_time import notes as message_notes

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CASE_HEADER = ["case id", "order id", "type", "opened", "status", "reason", "sku"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample_data(tmp_path_factory.mktemp("sample"), n_orders=200)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# --- 29. a case, a return or a message on two rows ------------------------------------------------------------

cases = st.lists(st.tuples(st.sampled_from(["A-to-z claim", "Chargeback", "return", "negative feedback"]),
                           st.integers(1, 25), st.sampled_from(["open", "closed"]),
                           st.sampled_from(["not received", "broken", "too small", "wrong item"])),
                 min_size=1, max_size=12)


@SETTINGS
@given(cases=cases, copies=st.lists(st.integers(0, 11), max_size=6))
def test_an_exact_copy_of_a_case_row_counts_once_and_is_accounted_for(tmp_path, cases, copies):
    """Before: a case pasted twice counted twice in cases, open and overdue, and the summary said nothing."""
    rows = [[f"C{i}", f"111-{i}", kind, f"2026-11-{day:02d}", status, reason, "S1"]
            for i, (kind, day, status, reason) in enumerate(cases)]
    doubled = rows + [rows[c % len(rows)] for c in copies]
    once = triage(write_csv(tmp_path / "once.csv", CASE_HEADER, rows), as_of="2026-11-30")
    twice = triage(write_csv(tmp_path / "twice.csv", CASE_HEADER, doubled), as_of="2026-11-30")
    got = case_summary(twice)
    assert {k: got[k] for k in ("cases", "open", "overdue")} == {k: case_summary(once)[k] for k in ("cases", "open", "overdue")}
    assert got["duplicate_rows_dropped"] == len(copies) and got["rows_read"] == len(doubled)
    assert got["rows_read"] == got["cases"] + got["duplicate_rows_dropped"] + got["conflicting_rows_replaced"]
    if copies:
        assert f"{len(copies)} duplicate rows dropped" in " ".join(case_notes(twice, "en"))
    else:
        assert case_notes(twice, "en") == []


def test_a_changed_case_keeps_its_latest_row_and_lists_the_conflict(tmp_path):
    """Before: C2 open on the 20th and closed on the 21st were two cases, one of them overdue."""
    path = write_csv(tmp_path / "c.csv", CASE_HEADER, [
        ["C2", "111-2", "A-to-z claim", "2026-11-21", "closed", "not received", "S1"],
        ["C1", "111-1", "A-to-z claim", "2026-11-20", "open", "not received", "S1"],
        ["C2", "111-2", "A-to-z claim", "2026-11-20", "open", "not received", "S1"],
        ["C3", "111-3", "return", "2026-11-22", "open", "broken", "S2"],
        ["C3", "111-3", "return", "2026-11-22", "closed", "broken", "S2"],  # same date: the later row wins
    ])
    got = triage(path, as_of="2026-11-30")
    assert sorted(got["case"]) == ["C1", "C2", "C3"]
    assert dict(zip(got["case"], got["status"], strict=True)) == {"C1": "open", "C2": "closed", "C3": "closed"}
    assert case_summary(got) == {"cases": 3, "open": 1, "overdue": 1, "rows_read": 5, "duplicate_rows_dropped": 0,
                                 "conflicting_rows_replaced": 2}
    text = "\n".join(case_notes(got, "en"))
    assert "C2: rows 2, 4; kept row 2" in text and "C3: rows 5, 6; kept row 6" in text
    assert "C2：" not in "".join(case_notes(got, "zh")) and "保留第 2 行" in "".join(case_notes(got, "zh"))


def test_an_order_with_a_return_and_a_claim_but_no_case_ids_is_two_cases(tmp_path):
    """The fix must not merge two real cases: without a case id the key is the order and the case type."""
    path = write_csv(tmp_path / "c.csv", ["order id", "type", "opened", "status", "reason"], [
        ["111-1", "return", "2026-11-20", "open", "broken"],
        ["111-1", "A-to-z claim", "2026-11-24", "open", "broken"],
    ])
    got = triage(path, as_of="2026-11-30")
    assert len(got) == 2 and case_summary(got)["conflicting_rows_replaced"] == 0


def test_the_sample_claims_have_no_duplicates_to_drop(sample):
    got = case_summary(triage(sample["claims"]))
    assert got["rows_read"] == got["cases"] and got["duplicate_rows_dropped"] == got["conflicting_rows_replaced"] == 0


RETURN_HEADER = ["order id", "sku", "return request date", "reason", "item received date", "refund date"]


@SETTINGS
@given(n=st.integers(1, 10), copies=st.lists(st.integers(0, 9), max_size=5))
def test_an_exact_copy_of_a_return_row_counts_once(tmp_path, n, copies):
    """Before: a return pasted twice counted twice in returns, reasons and late refunds."""
    rows = [[f"111-{i}", f"S{i % 3}", f"2026-11-0{1 + i % 5}", "too small", f"2026-11-1{i % 5}", f"2026-11-2{i % 7}"]
            for i in range(n)]
    doubled = rows + [rows[c % n] for c in copies]
    got = read_returns(write_csv(tmp_path / "r.csv", RETURN_HEADER, doubled))
    assert len(got) == n
    figures = returns_summary(got)
    assert figures["rows_read"] == len(doubled) == n + figures["duplicate_rows_dropped"] + figures["conflicting_rows_replaced"]


def test_a_return_updated_with_its_refund_keeps_the_row_that_went_furthest(tmp_path):
    path = write_csv(tmp_path / "r.csv", RETURN_HEADER, [
        ["111-2", "S2", "2026-11-02", "broken", "2026-11-06", "2026-11-07"],
        ["111-2", "S2", "2026-11-02", "broken", "2026-11-06", ""],
    ])
    got = read_returns(path)
    assert len(got) == 1 and got["refunded"].notna().all() and list(got["row"]) == [2]
    assert returns_summary(got)["conflicting_rows_replaced"] == 1


def test_an_exact_copy_of_a_message_row_counts_once(tmp_path):
    """Before: a buyer message pasted twice was two messages, one of them 'unanswered'."""
    rows = [["T1", "received", "2026-11-01T10:00:00Z", "Where is my parcel?"],
            ["T1", "sent", "2026-11-01T12:00:00Z", "It left our warehouse today."],
            ["T2", "received", "2026-11-01T10:00:00Z", "Where is my parcel?"]]
    header = ["thread", "direction", "time", "text"]
    once = read_messages(write_csv(tmp_path / "once.csv", header, rows))
    twice = read_messages(write_csv(tmp_path / "twice.csv", header, rows + [rows[0], rows[0]]))
    assert len(twice) == len(once) == 3
    assert buyer_messages(twice)["state"].tolist() == buyer_messages(once)["state"].tolist()
    assert twice.attrs["rows_account"].figures() == {"rows_read": 5, "duplicate_rows_dropped": 2,
                                                     "conflicting_rows_replaced": 0}
    assert "2 duplicate rows dropped" in message_notes(twice, "en")[0]


# --- 30. a refund before the item came back --------------------------------------------------------------------

@SETTINGS
@given(gaps=st.lists(st.integers(-10, 10), min_size=1, max_size=10))
def test_a_refund_before_the_item_came_back_is_a_finding_with_its_row(tmp_path, gaps):
    """Before: used as given (a refund 'on time'), nothing told the returns team."""
    rows = [[f"111-{i}", "S1", "2026-11-01", "broken", "2026-11-15",
             (pd.Timestamp("2026-11-15") + pd.Timedelta(days=g)).strftime("%Y-%m-%d")] for i, g in enumerate(gaps)]
    got = read_returns(write_csv(tmp_path / "r.csv", RETURN_HEADER, rows))
    early = refund_before_return(got)
    assert sorted(early["row"]) == [i + 2 for i, g in enumerate(gaps) if g < 0]
    assert returns_summary(got)["refund_before_return"] == sum(g < 0 for g in gaps)


# --- 31. an unclosed quote near the top of a text export ------------------------------------------------------

@SETTINGS
@given(n=st.integers(3, 45), at=st.integers(2, 45), column=st.integers(0, 6))
def test_an_unclosed_quote_is_named_with_its_line(tmp_path, n, at, column):
    """Before: "found only one column" (the comma-separated file was fine but for one stray quote), "rows 6 have
    a different number of fields", or, with the quote in the last column, the rows after it read silently into
    one value (a claims file of 40 cases read as 2)."""
    at = min(at, n)
    rows = [[f"C{i}", f"111-{i}", "return", "2026-11-20", "open", "broken", "S1"] for i in range(n)]
    lines = [",".join(CASE_HEADER)] + [",".join(r) for r in rows]
    cells = lines[at - 1].split(",")
    cells[column] = '"' + cells[column]
    lines[at - 1] = ",".join(cells)
    path = tmp_path / "q.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        triage(path)
    assert "only one column" not in str(err.value)
    assert f"{at} opens a quote" in str(err.value) and "not closed" in str(err.value)


# --- 32. formula cells without a stored value -----------------------------------------------------------------

def formula_workbook(path: Path, header: list[str], rows: list[list], formulas: dict[str, str]) -> Path:
    import openpyxl  # writes formulas without their results, as scripts and ERP libraries do

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [header, *rows]:
        ws.append(row)
    for ref, formula in formulas.items():
        ws[ref] = formula
    wb.save(path)
    return path


@SETTINGS
@given(cells=st.sets(st.tuples(st.sampled_from("ABFG"), st.integers(2, 6)), min_size=1, max_size=4))
def test_formula_cells_without_a_value_are_reported_in_an_export(tmp_path, cells):
    """Before: read as blank in silence (a case id fell back to the order id)."""
    rows = [[f"C{i}", f"111-{i}", "return", "2026-11-20", "open", "broken", "S1"] for i in range(5)]
    refs = {f"{c}{r}": "=1+1" for c, r in cells}
    got = triage(formula_workbook(tmp_path / "f.xlsx", CASE_HEADER, rows, refs))
    text = "\n".join(case_notes(got, "en"))
    assert f"{len(refs)} formula cell(s) hold no stored value" in text and "save it" in text
    assert any(ref in text for ref in refs)
    assert "公式单元格" in "".join(case_notes(got, "zh"))


def test_a_workbook_without_formulas_has_no_note(tmp_path):
    rows = [[f"C{i}", f"111-{i}", "return", "2026-11-20", "open", "broken", "S1"] for i in range(3)]
    assert case_notes(triage(formula_workbook(tmp_path / "f.xlsx", CASE_HEADER, rows, {})), "en") == []


def test_formula_cells_without_a_value_are_a_note_of_the_order_reader(tmp_path, sample):
    from snippets.orders import read_orders

    text = Path(sample["orders"]).read_text(encoding="utf-8").splitlines()
    table = [line.split("\t") for line in text[:30]]
    path = formula_workbook(tmp_path / "orders.xlsx", table[0], table[1:], {"K5": "=A2&\"x\""})
    of = read_orders(path)
    assert any("formula cell(s) hold no stored value" in n and "K5" in n for n in of.notes)


# --- 33. run_audit(as_of=...) called as a library -------------------------------------------------------------

@pytest.mark.parametrize("value", ["garbage", "2026-02-30", "1970-01-01", "2200-01-01", "NaT"])
def test_run_audit_refuses_an_impossible_as_of_with_a_message(sample, value):
    """Before: a bare ValueError from date.fromisoformat (1970 and 2200 were accepted)."""
    from snippets.metrics.audit import run_audit

    with pytest.raises(UserError, match="as_of"):
        run_audit(sample["orders"], as_of=value)
