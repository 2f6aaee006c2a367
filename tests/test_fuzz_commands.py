"""Property tests: every command's entry point (``snippets.cli.main``) on random bytes, random JSON and random
CSV exits 0, 1 or 2 and never shows a traceback (issue 7 item 11).

The budget is bounded (``max_examples`` per property, no deadline) so that ``make test`` stays fast; raise it
locally with ``HYPOTHESIS_PROFILE=long``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snippets.cli import main

settings.register_profile("default-fuzz", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default-fuzz")
FUZZ = settings.get_profile(PROFILE)

# Header names the reader knows, so that random files reach past the header check into the rows.
HEADERS = ["order-id", "purchase-date", "order-status", "fulfillment-channel", "ship-date", "latest-ship-date",
           "delivery-date", "latest-delivery-date", "tracking-number", "carrier-scan", "feedback-rating",
           "a-to-z-claim", "chargeback", "cancelled-by", "sku", "carrier", "Order-ID", ""]
CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "2026-10-01", "2026-10-01T10:00:00Z", "9999-12-31", "0001-01-01T00:00:00-12:00", "1e999",
                     "9999-12-31T23:00:00-12:00", "NaN", "-1", "9" * 400, "Merchant", "Amazon", "Shipped", "Cancelled", "true", "是", "\x00",
                     "\x1b[2J", '"', '"unterminated', "\u202eRTL", "1", "5", "granted"]),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5),
    max_leaves=30,
)


def run_cli(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    import sys

    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def assert_clean(code: int, err: str) -> None:
    assert code in (0, 1, 2), (code, err[-2000:])
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]


@contextlib.contextmanager
def a_file(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        yield path


def csv_text(rows: list[list[str]], sep: str) -> str:
    return "\n".join(sep.join(r) for r in rows) + "\n"


# --- random bytes: every command that reads a file ------------------------------------------------------------

FILE_COMMANDS = [
    (["metrics", "{f}"], ".csv"),
    (["metrics", "{f}", "--format", "json"], ".xlsx"),
    (["account-health", "{f}"], ".json"),
    (["check", "{f}"], ".txt"),
    (["check", "--jsonl", "{f}"], ".jsonl"),
]


@pytest.mark.parametrize(("argv", "suffix"), FILE_COMMANDS)
@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes(argv, suffix, data):
    with a_file(data, suffix) as path:
        code, _, err = run_cli([a.replace("{f}", str(path)) for a in argv])
    assert_clean(code, err)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_inside_a_workbook(data):
    import zipfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", b"<Types/>")
            archive.writestr("xl/workbook.xml", b'<workbook><sheets><sheet r:id="rId1"/></sheets></workbook>')
            archive.writestr("xl/worksheets/sheet1.xml", data)
        code, _, err = run_cli(["metrics", str(path)])
    assert_clean(code, err)


# --- random CSV: the order reader and the metrics -------------------------------------------------------------

@FUZZ
@given(headers=st.lists(st.sampled_from(HEADERS), min_size=2, max_size=8).map(lambda h: ["order-id", "purchase-date", *h]),
       rows=st.lists(st.lists(CELLS, min_size=0, max_size=12), min_size=0, max_size=30),
       sep=st.sampled_from([",", "\t", ";"]),
       extra=st.sampled_from([[], ["--format", "json"], ["--by", "sku"], ["--tz", "Pacific/Kiritimati"],
                              ["--as-of", "2026-10-15"], ["--platform", "ebay", "--lang", "en"]]))
def test_random_csv(headers, rows, sep, extra):
    text = csv_text([headers, *rows], sep)
    with a_file(text.encode("utf-8", "surrogatepass"), ".csv") as path:
        code, out, err = run_cli(["metrics", str(path), *extra])
    assert_clean(code, err)
    if code in (0, 1) and "json" in extra:
        json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=2, max_size=4), min_size=1, max_size=20))
def test_random_workbook(rows):
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = openpyxl.Workbook()
    try:
        for r in [["order-id", "purchase-date", "ship-date", "sku"], *rows]:
            wb.active.append(r)
    except IllegalCharacterError:
        return  # openpyxl cannot write control characters; the CSV test covers them
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.xlsx"
        wb.save(path)
        code, _, err = run_cli(["metrics", str(path), "--format", "json"])
    assert_clean(code, err)


# --- random JSON: the account health report and the message batch -------------------------------------------

def _report_like(draw_value):
    return {"accountStatuses": [{"marketplaceId": "ATVPDKIKX0DER", "status": draw_value}],
            "performanceMetrics": [{"marketplaceId": "ATVPDKIKX0DER", "lateShipmentRate": draw_value,
                                    "orderDefectRate": {"mfn": draw_value}, "validTrackingRate": draw_value,
                                    "accountHealthRating": draw_value, "warningStates": draw_value,
                                    "listingPolicyViolations": draw_value}]}


EXAMPLE = json.loads((Path(__file__).parent / "data" / "accountHealthReport-example.json").read_text("utf-8"))


def _paths(node, prefix=()):
    """Every place in the example report: (keys...) of each dict entry and list item."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


EXAMPLE_PATHS = list(_paths(EXAMPLE))


def _with_value(where_value) -> dict:
    """The example report with one field, anywhere in it, replaced by random JSON."""
    import copy

    where, value = where_value
    doc = copy.deepcopy(EXAMPLE)
    node = doc
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    return doc


@FUZZ
@given(doc=st.one_of(JSON, JSON.map(_report_like),
                     st.tuples(st.sampled_from(EXAMPLE_PATHS), JSON).map(_with_value)))
def test_random_json_report(doc):
    with a_file(json.dumps(doc).encode(), ".json") as path:
        for fmt in ("table", "json"):
            code, out, err = run_cli(["account-health", str(path), "--format", fmt, "--lang", "en"])
            assert_clean(code, err)
            if code in (0, 1) and fmt == "json":
                json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in JSON output"))


@FUZZ
@given(lines=st.lists(st.one_of(JSON, st.fixed_dictionaries({"id": JSON, "text": st.text(max_size=200)},
                                                           optional={"lang": JSON})), max_size=5))
def test_random_jsonl_messages(lines):
    data = "\n".join(json.dumps(x) for x in lines)
    with a_file(data.encode(), ".jsonl") as path:
        code, _, err = run_cli(["check", "--jsonl", str(path)])
    assert_clean(code, err)


# --- random arguments: numbers and names on the command line ------------------------------------------------

@FUZZ
@given(orders=st.one_of(st.integers(min_value=-10, max_value=30), st.sampled_from(["10" + "0" * 20, "1e999", "x"])),
       seed=st.one_of(st.integers(min_value=-(10**30), max_value=10**30), st.just("9" * 5000)),
       end=st.one_of(st.dates().map(str), st.text(max_size=12)))
def test_random_sample_data_arguments(orders, seed, end):
    with tempfile.TemporaryDirectory() as tmp:
        code, _, err = run_cli(["sample-data", str(Path(tmp) / "out"), "--orders", str(orders), "--seed", str(seed),
                                "--end", end])
    assert_clean(code, err)


@FUZZ
@given(values=st.lists(st.text(max_size=40), max_size=4), lang=st.sampled_from(["en", "de", "ja"]))
def test_random_template_values(values, lang):
    code, _, err = run_cli(["template", "show", "order_delayed", "--lang", lang, "--example",
                            *[x for v in values for x in ("--set", v)]])
    assert_clean(code, err)


# --- files that are not files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["metrics", "{f}"], ["account-health", "{f}"], ["check", "{f}"],
                                  ["check", "--jsonl", "{f}"]])
@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "symlink-loop", "missing"])
def test_only_regular_files(tmp_path, argv, kind):
    target = {"dev-zero": Path("/dev/zero"), "folder": tmp_path, "fifo": tmp_path / "fifo",
              "symlink-loop": tmp_path / "loop", "missing": tmp_path / "missing.csv"}[kind]
    if kind == "fifo":
        os.mkfifo(target)
    if kind == "symlink-loop":
        os.symlink(tmp_path / "loop", target)
    code, _, err = run_cli([a.replace("{f}", str(target)) for a in argv])
    assert code == 2 and err.startswith("error: "), err[-500:]
    assert_clean(code, err)


# --- numbers JSON allows but arithmetic does not, and deep nesting --------------------------------------------

HOSTILE_JSON = ['{"id": 1e999, "text": "hi"}', '{"id": NaN, "text": "hi"}', '{"id": -Infinity, "text": "hi"}',
                '{"id": ' + "9" * 5000 + ', "text": "hi"}', '{"id": 1, "text": "hi", "x": ' + "[" * 100_000
                + "]" * 100_000 + "}"]


@pytest.mark.parametrize("text", HOSTILE_JSON)
@pytest.mark.parametrize("argv", [["check", "--jsonl", "{f}"], ["account-health", "{f}", "--format", "json"]])
def test_hostile_json_numbers_and_nesting_are_exit_2(argv, text):
    with a_file(text.encode(), ".json") as path:
        code, out, err = run_cli([a.replace("{f}", str(path)) for a in argv])
    assert code == 2 and err.startswith("error: ") and "NaN" not in out and "Infinity" not in out
    assert_clean(code, err)
