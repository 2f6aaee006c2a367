"""A hostile user against the code that landed after issue 7: the --each fleet runner, the playbook parameters,
the dispute / returns / message / security readers, the template filler, the exports scan.

Each test here failed on the code before the fix it guards (benchmarks/results/hostile_round2.md lists the
probes)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from snippets.cli import main
from snippets.errors import UserError
from snippets.playbooks.fleet import WINDOWS_RESERVED, read_stores, report_name
from snippets.playbooks.params import check_parameters
from snippets.playbooks.runner import find_playbook, list_playbooks
from snippets.sample_data import write_sample_data
from tests.test_fuzz_commands import FUZZ

ROOT = Path(__file__).resolve().parents[1]
TODAY = pd.Timestamp.now(tz="UTC").normalize()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample_data(tmp_path_factory.mktemp("sample"), n_orders=300)


def nb_of(name: str):
    return nbformat.read(find_playbook(name), as_version=4)


# --- playbook parameters: as_of, tz and paths mean the same in every playbook ---------------------------------

BAD_DAYS = ["0001-01-01", "9999-12-31", "1970-01-01", "2200-01-01", "NaT", "garbage", "2026-02-30",
            "2026-10-31T25:00", "2026-1-1", "١٩٩٩-٠١-٠١"]  # a blank -p value means None (the default)


@pytest.mark.parametrize("value", BAD_DAYS)
@pytest.mark.parametrize("path", [p for p in list_playbooks() if "as_of" in p.read_text(encoding="utf-8")],
                         ids=lambda p: p.stem)
def test_an_impossible_as_of_is_refused_before_the_run(path, value):
    """Before: a traceback from inside the notebook (garbage, 2026-02-30, 9999), or a silent verdict (1970,
    2200, 'NaT' counted nothing as overdue)."""
    with pytest.raises(UserError) as err:
        check_parameters(nb_of(path.stem), {"as_of": value}, path.stem)
    assert "as_of" in str(err.value) and "YYYY-MM-DD" in str(err.value)


@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@FUZZ
def test_as_of_is_accepted_exactly_in_the_plausible_range(day):
    nb = nb_of("dispute-triage")
    plausible = dt.date(2000, 1, 1) <= day <= (TODAY + pd.Timedelta(days=1)).date()
    try:
        given_back = check_parameters(nb, {"as_of": day.isoformat()}, "dispute-triage")
    except UserError:
        assert not plausible
    else:
        assert plausible and given_back["as_of"] == day.isoformat()


@pytest.mark.parametrize("zone", ["Mars/Base", "../../etc/passwd", "UTC+8", "+08:00", "Asia/Shanghai\x00"])
@pytest.mark.parametrize("path", [p for p in list_playbooks() if "tz:" in p.read_text(encoding="utf-8")],
                         ids=lambda p: p.stem)
def test_an_unknown_time_zone_is_refused_before_the_run(path, zone):
    with pytest.raises(UserError, match="time zone"):
        check_parameters(nb_of(path.stem), {"tz": zone}, path.stem)


def test_relative_paths_are_taken_from_the_current_folder(sample, monkeypatch):
    """Before: the notebook ran in playbooks/, so `-p cases_file=claims.csv` (and the README's own
    `-p returns_file=sample/returns.csv`) said 'no such file' for a file that was right there."""
    monkeypatch.chdir(sample["claims"].parent)
    for path in list_playbooks():
        names = [line.split(":")[0] for line in nb_of(path.stem).cells[0].source.splitlines()]
        for name in (n for n in names if n.endswith(("_file", "_folder"))):
            got = check_parameters(nb_of(path.stem), {name: "claims.csv"}, path.stem)
            assert got[name] == str(sample["claims"].parent / "claims.csv"), (path.stem, name)


def test_a_relative_path_reaches_the_notebook(sample, monkeypatch, capsys):
    monkeypatch.chdir(sample["claims"].parent)
    out = sample["claims"].parent / "triage.html"
    assert main(["playbook", "run", "dispute-triage", "-p", "cases_file=claims.csv", "-p", "lang=en",
                 "-o", str(out)]) == 0, capsys.readouterr().err
    assert "Dispute triage" in out.read_text(encoding="utf-8")


# --- the export readers: dates that cannot be true, zones, dates pandas cannot hold ----------------------------

IMPOSSIBLE = ["2200-07-15T16:43:56+00:00", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "1970-01-01",
              "1999-12-31T23:00:00+00:00", (TODAY + pd.Timedelta(days=3)).strftime("%Y-%m-%d")]


def _claims_with(sample, tmp_path, value: str) -> Path:
    lines = sample["claims"].read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    cells = lines[2].split(",")
    cells[head.index("opened-date")] = value
    lines[2] = ",".join(cells)
    path = tmp_path / "claims.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_one_impossible_case_date_is_an_error_with_its_row(sample, tmp_path, value):
    """Before: 2200 moved the as-of day and changed which cases are overdue; 9999 with -12:00 crashed
    (OutOfBoundsDatetime); 1970 and year 1 were used as they were."""
    from snippets.disputes.triage import triage

    with pytest.raises(UserError) as err:
        triage(_claims_with(sample, tmp_path, value))
    assert "row 3" in str(err.value) and "opened" in str(err.value)


@given(value=st.one_of(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59))
                       .map(lambda d: d.isoformat()),
                       st.tuples(st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
                                 st.integers(-12, 14))
                       .map(lambda t: f"{t[0].isoformat()}{t[1]:+03d}:00"),
                       st.text(max_size=20)))
@FUZZ
def test_any_case_date_is_read_or_refused_never_a_crash(tmp_path_factory, value):
    from snippets.disputes.triage import triage

    d = tmp_path_factory.mktemp("c")
    path = d / "claims.csv"
    path.write_text("case-id,order-id,type,status,reason,opened-date\n"
                    f"C1,111-1,a-to-z,open,Never received,2026-10-01T10:00:00+00:00\n"
                    f"C2,111-2,a-to-z,open,Never received,\"{value.replace(chr(34), '')}\"\n", encoding="utf-8")
    try:
        cases = triage(path)
    except UserError:
        return
    assert pd.Timestamp("2000-01-01", tz="UTC") <= cases["opened"].min()
    assert cases["opened"].max() <= pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=1)


@pytest.mark.parametrize("reader", ["returns", "messages", "cases"])
def test_an_unknown_zone_in_a_reader_is_a_user_error(sample, reader):
    from snippets.disputes.triage import triage
    from snippets.returns.analysis import read_returns
    from snippets.service.response_time import read_messages

    call = {"returns": lambda: read_returns(sample["returns"], tz="UTC+8"),
            "messages": lambda: read_messages(sample["message_export"], tz="UTC+8"),
            "cases": lambda: triage(sample["claims"], tz="UTC+8")}[reader]
    with pytest.raises(UserError, match="time zone"):
        call()


@pytest.mark.parametrize("value", [*BAD_DAYS, "  "])
def test_library_as_of_is_checked_too(sample, value):
    from snippets.disputes.triage import triage
    from snippets.security import personal_data, roster

    for call in (lambda: triage(sample["claims"], as_of=value),
                 lambda: roster.audit(roster.read_roster(sample["users"]), value),
                 lambda: personal_data.scan_folder(sample["exports"], value)):
        with pytest.raises(UserError, match="as_of"):
            call()


# --- --each: report names, existing reports, inputs, terminal, Ctrl-C ---------------------------------------

@given(name=st.text(min_size=1, max_size=300))
@FUZZ
def test_a_report_name_stays_in_its_folder_and_is_valid_everywhere(name):
    slug = report_name(name, 7)
    assert slug and "/" not in slug and "\\" not in slug and not slug.startswith(".")
    assert slug not in (".", "..") and len(slug.encode("utf-8")) <= 255 - len(".ipynb")
    assert slug.split(".")[0].lower() not in WINDOWS_RESERVED
    assert all(c.isalnum() or c in "._-" for c in slug)


@pytest.mark.parametrize("name", ["CON", "nul", "Com1", "LPT9.x", "aux"])
def test_reserved_windows_names_get_another_file_name(name):
    assert report_name(name, 2).lower().startswith("store-")


def test_each_never_overwrites_an_existing_report(sample, tmp_path, capsys):
    """Before: an existing reports/CON.html (or last week's report) was overwritten without a word."""
    stores = tmp_path / "stores.csv"
    stores.write_text(f"store,cases_file\nUS,{sample['claims']}\n", encoding="utf-8")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "US.html").write_text("last week's report", encoding="utf-8")
    assert main(["playbook", "run", "dispute-triage", "--each", str(stores), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already exist" in err and "--force" in err and "US.html" in err
    assert (out / "US.html").read_text(encoding="utf-8") == "last week's report"


def test_each_never_writes_over_an_input(sample, tmp_path, capsys):
    out = tmp_path / "reports"
    out.mkdir()
    victim = out / "US.html"
    victim.write_text(sample["claims"].read_text(encoding="utf-8"), encoding="utf-8")
    stores = tmp_path / "stores.csv"
    stores.write_text(f"store,cases_file\nUS,{victim}\n", encoding="utf-8")
    assert main(["playbook", "run", "dispute-triage", "--each", str(stores), "-o", str(out), "--force"]) == 2
    assert "input" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8").startswith("case-id")


def test_store_names_reach_the_terminal_escaped(sample, tmp_path):
    """Before: a store name with ESC sequences or U+202E was printed raw in the progress and the summary."""
    from snippets.playbooks.fleet import summary_table

    runs = read_stores(_stores(tmp_path, ["ok\x1b]0;owned\x07", "evil\u202eLMTH.exe"], sample), "dispute-triage")
    for r in runs:
        r.status, r.error = "failed", "bad\x1b[2J file\u202e"
    text = summary_table(runs)
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert "\\x1b" in text and "\\u202e" in text


def _stores(tmp_path: Path, names: list[str], sample) -> Path:
    path = tmp_path / "stores.csv"
    body = "".join(f'"{n}",{sample["claims"]}\n' for n in names)
    path.write_text("store,cases_file\n" + body, encoding="utf-8")
    return path


def test_ctrl_c_stops_the_fleet_quickly(sample, tmp_path):
    """Before: Ctrl-C waited for the running stores and then ran every store still waiting (30 s and more),
    writing reports after the user asked to stop."""
    # Twelve stores, two at a time: whatever the machine's speed, some are still waiting when Ctrl-C comes.
    stores = _stores(tmp_path, [f"s{i}" for i in range(1, 13)], sample)
    out = tmp_path / "r"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "snippets", "playbook", "run", "dispute-triage", "--each",
                             str(stores), "-o", str(out), "--jobs", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(6)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
    start = time.monotonic()
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr[-2000:]
    assert time.monotonic() - start < 15, "stopped within seconds, not after the remaining stores"
    assert "Traceback" not in stderr
    assert "not started" in stdout, stdout
    assert len(list(out.iterdir())) < 12


# --- the template filler: what the buyer would see is what was typed --------------------------------------------

HIDDEN = st.sampled_from(["\x1b", "\x07", "\x00", "\x9b", "\u202e", "\u2066", "\u200b", "\ufeff", "\r"])


@given(before=st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=10), hidden=HIDDEN,
       after=st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=10))
@FUZZ
def test_a_value_with_a_hidden_character_is_refused_by_cli_and_page(before, hidden, after):
    """Before: `template show --set buyer_name=$'Bob\\x1b]0;x\\x07\\u202eevil'` printed the escape sequence
    raw to the terminal and into the message to send, with only a warning and exit 0."""
    import contextlib
    import io

    from snippets.site import page_tools

    value = f"{before}{hidden}{after}"
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(err):
        code = main(["template", "show", "order_delayed", "--lang", "en", "--example", "--set", f"buyer_name={value}"])
    assert code == 2 and "invisible or control character" in err.getvalue()
    assert hidden not in out.getvalue()
    answer = page_tools.fill("order_delayed", "en", {"buyer_name": value})
    assert answer["ok"] is False and "invisible" in answer["error"]


def test_windows_line_breaks_in_a_multiline_value_are_fine():
    from snippets.templates import get_template, load_placeholders

    catalogue = load_placeholders()
    template = next((t for t in __import__("snippets.templates", fromlist=["load_templates"]).load_templates()
                     if any(catalogue[n].format.multiline for n in t.placeholders)), None)
    if template is None:
        pytest.skip("no template takes a multi-line value")
    name = next(n for n in template.placeholders if catalogue[n].format.multiline)
    lang = template.languages[0]
    _, text = get_template(template.id).preview(lang, {name: "line one\r\nline two"})
    assert "line one\nline two" in text and "\r" not in text


# --- the personal-data scan: every file accounted for, bounded walk ---------------------------------------------

def test_a_folder_with_more_files_than_the_scan_reads_is_refused(tmp_path, monkeypatch):
    """Before: files past the 2,000th were left out silently, and the summary counted only the others."""
    from snippets.security import personal_data

    monkeypatch.setattr(personal_data, "MAX_FILES", 5)
    for i in range(6):
        (tmp_path / f"f{i}.csv").write_text("email,order date\na@example.com,2026-10-01\n", encoding="utf-8")
    with pytest.raises(UserError, match="more than 5 export files"):
        personal_data.scan_folder(tmp_path, "2026-10-31")
    (tmp_path / "f5.csv").unlink()
    assert personal_data.summary(personal_data.scan_folder(tmp_path, "2026-10-31"))["files_with_personal_data"] == 5


def test_an_unreadable_sub_folder_is_listed_not_a_crash(tmp_path, monkeypatch):
    """Before: PermissionError from the folder walk ended the playbook with a traceback."""
    import os as _os

    from snippets.security import personal_data

    (tmp_path / "ok.csv").write_text("email\na@example.com\nb@example.com\nc@example.com\n", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_walk = _os.walk

    def walk(top, onerror=None, followlinks=False):  # root cannot be locked out of a folder: pretend
        for root, dirs, names in real_walk(top, onerror=onerror, followlinks=followlinks):
            if Path(root) == locked:
                onerror(PermissionError(13, "Permission denied", str(locked)))
                continue
            yield root, dirs, names

    monkeypatch.setattr(_os, "walk", walk)
    found = personal_data.scan_folder(tmp_path, "2026-10-31")
    assert set(found["kind"]) == {"email", "unread"}
    assert "locked" in found.loc[found["kind"] == "unread", "file"].tolist()


def test_a_link_to_a_big_tree_is_not_followed(tmp_path):
    from snippets.security import personal_data

    (tmp_path / "ok.csv").write_text("email\na@example.com\nb@example.com\nc@example.com\n", encoding="utf-8")
    (tmp_path / "root").symlink_to("/", target_is_directory=True)
    found = personal_data.scan_folder(tmp_path, "2026-10-31")
    assert found["file"].tolist() == ["ok.csv"]


def test_any_file_that_breaks_the_reader_is_listed_as_not_checked(tmp_path, monkeypatch):
    from snippets.security import personal_data

    (tmp_path / "a.csv").write_text("email\na@example.com\nb@example.com\nc@example.com\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("x\n1\n", encoding="utf-8")
    real = personal_data.read_table

    def flaky(path):
        if path.name == "b.csv":
            raise KeyError("a bug in a reader")
        return real(path)

    monkeypatch.setattr(personal_data, "read_table", flaky)
    found = personal_data.scan_folder(tmp_path, "2026-10-31")
    assert found.set_index("file").loc["b.csv", "kind"] == "unread"


@pytest.mark.parametrize("body", ["email\na@example.com\nb@example.com\nc@example.com\n",
                                  "Buyer E-mail\r\n\"a@example.com\"\r\nb@example.com\r\nc@example.com\r\n"])
def test_a_one_column_list_of_addresses_is_scanned(tmp_path, body):
    """Before: a one-column export (a list of buyer e-mails) could not be read, so the scan listed it as
    not checked and the summary said no personal data."""
    from snippets.security import personal_data

    (tmp_path / "emails.csv").write_text(body, encoding="utf-8")
    found = personal_data.scan_folder(tmp_path, "2026-10-31")
    assert found["kind"].tolist() == ["email"] and found["rows"].tolist() == [3]


def test_a_stores_table_with_only_store_names_is_read(tmp_path):
    stores = tmp_path / "stores.csv"
    stores.write_text("store\nUS main\nUK, London\n", encoding="utf-8")
    assert [r.store for r in read_stores(stores, "orders-per-day")] == ["US main", "UK, London"]


def _start_single_run(sample, out):
    """One dispute-triage run in a session of its own, as a terminal starts it (SIGINT at its default)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "snippets", "playbook", "run", "dispute-triage", "-p",
                             f"cases_file={sample['claims']}", "-o", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_ctrl_c_stops_a_single_run_cleanly(sample, tmp_path):
    """Before: exit 2 with 'internal error ... AssertionError' and a kernel traceback (ZMQError)."""
    out = tmp_path / "report.html"
    proc = _start_single_run(sample, out)
    # Ctrl-C as soon as the first cell runs (a fixed wait raced a fast machine: the run had already finished).
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if "cell 1/" in line:
            break
    os.killpg(proc.pid, signal.SIGINT)
    _, rest = proc.communicate(timeout=60)
    stderr = "".join(seen) + rest
    assert proc.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr and "internal error" not in stderr and "interrupted" in stderr
    assert not out.exists()


# --- huge cells: one giant message must not cost minutes and gigabytes -------------------------------------------

@pytest.mark.parametrize("delay", [0.5, 1.0, 1.5])
def test_ctrl_c_while_the_kernel_starts_is_quiet(sample, tmp_path, delay):
    """Before: Ctrl-C while the kernel was still importing printed its KeyboardInterrupt traceback and, as the
    program ended, nbclient's AssertionError; once in four tries it hung for more than a minute."""
    out = tmp_path / "report.html"
    proc = _start_single_run(sample, out)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, stderr = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"still running 30 s after Ctrl-C at {delay} s")
    assert proc.returncode in (0, 130), stderr[-2000:]  # 0: a very fast machine finished first
    assert "Traceback" not in stderr and "AssertionError" not in stderr, stderr[-2000:]
    assert "eavesdropping" not in stderr  # the kernel's unactionable TCP warning stays out of the user's way


def test_a_giant_sent_message_is_refused_with_its_row(tmp_path):
    """Before: one sent message of 1 MB in a message export took 3.5 minutes and swapped (every finding of the
    checker over it); 100 KB took 8 s and 800 MB."""
    from snippets.messages.limits import MAX_MESSAGE_CHARS
    from snippets.service.response_time import read_messages

    path = tmp_path / "messages.csv"
    head = "thread,direction,time,agent,text\n"
    path.write_text(head + "T1,received,2026-10-01T10:00:00Z,,Where is my order?\n"
                    f"T1,sent,2026-10-01T11:00:00Z,Kevin,\"{'Leave a review. ' * (MAX_MESSAGE_CHARS // 16 + 1)}\"\n",
                    encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(UserError) as err:
        read_messages(path)
    assert "row 3" in str(err.value) and f"{MAX_MESSAGE_CHARS:,}" in str(err.value)
    assert time.monotonic() - start < 5
    path.write_text(head + f"T1,received,2026-10-01T10:00:00Z,,\"{'x' * (MAX_MESSAGE_CHARS * 2)}\"\n"
                    f"T1,sent,2026-10-01T11:00:00Z,Kevin,\"{'y' * MAX_MESSAGE_CHARS}\"\n", encoding="utf-8")
    assert len(read_messages(path)) == 2  # a long buyer message is only timed, not checked


def test_a_workbook_stores_table_with_empty_cells(tmp_path):
    """Before: an empty workbook cell arrived as NaN: `tz=nan: expected str or None`."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["store", "days", "lang", "tz"])
    ws.append(["US", 7, "en", None])
    ws.append(["UK", 7.0, None, None])
    wb.save(tmp_path / "stores.xlsx")
    runs = read_stores(tmp_path / "stores.xlsx", "orders-per-day")
    assert [r.params for r in runs] == [{"days": 7, "lang": "en"}, {"days": 7}]


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_an_export_path_that_is_not_a_file_says_what_it_is(tmp_path, kind):
    """Before: 'no such file' for a folder, a FIFO or /dev/zero that exist."""
    from snippets.disputes.triage import triage

    path = {"fifo": tmp_path / "claims.csv", "folder": tmp_path, "device": Path("/dev/zero")}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(UserError) as err:
        triage(path)
    assert ("folder" if kind == "folder" else "not a regular file") in str(err.value)


@pytest.mark.parametrize("jobs", ["0", "-3", "1000"])
def test_jobs_out_of_range_is_refused_before_any_kernel(sample, tmp_path, capsys, jobs):
    """Before: --jobs 1000 with a thousand stores started a thousand kernels at once."""
    out = tmp_path / "r"
    out.mkdir()
    stores = _stores(tmp_path, ["a"], sample)
    assert main(["playbook", "run", "dispute-triage", "--each", str(stores), "-o", str(out), "--jobs", jobs]) == 2
    assert "--jobs" in capsys.readouterr().err and not list(out.iterdir())


def test_sample_data_with_a_future_end_runs_through_the_new_readers(tmp_path):
    from datetime import date, timedelta

    from snippets.disputes.triage import triage
    from snippets.returns.analysis import read_returns
    from snippets.security import roster
    from snippets.service.response_time import read_messages

    s = write_sample_data(tmp_path, 200, seed=5, end=date.today() + timedelta(days=40))
    assert len(triage(s["claims"])) and len(read_returns(s["returns"])) and len(read_messages(s["message_export"]))
    assert len(roster.read_roster(s["users"]))


def test_a_workbook_row_without_a_store_name_is_refused_not_called_nan(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Store", "days"])  # as Excel users capitalise it
    ws.append(["US", 7])
    ws.append([None, 7])
    wb.save(tmp_path / "stores.xlsx")
    with pytest.raises(UserError, match="row 3 has no store name"):
        read_stores(tmp_path / "stores.xlsx", "orders-per-day")


def test_an_unknown_direction_names_its_row(tmp_path):
    from snippets.service.response_time import read_messages

    path = tmp_path / "m.csv"
    path.write_text("thread,direction,time,agent,text\nT,received,2026-10-01,,hi\nT,sideways,2026-10-01,,x\n",
                    encoding="utf-8")
    with pytest.raises(UserError, match="row 3"):
        read_messages(path)


# --- reports: control and bidi characters from the data are shown, not obeyed -------------------------------------

CONTROLS = st.sampled_from(["\x1b[31m", "\x1b[41m", "\x1b]0;t\x07", "\u202e", "\u2066", "\x9b31m", "\x00", "\x08"])


@given(before=st.text(max_size=8), control=CONTROLS, after=st.text(max_size=8))
@FUZZ
def test_no_control_character_from_the_data_reaches_a_report(before, control, after):
    """Before: an ESC sequence in an order id, printed by the audit's data-quality cell, became a coloured span
    (nbconvert reads ANSI codes), and U+202E in a SKU showed the cell reversed."""
    from bs4 import BeautifulSoup

    from snippets.playbooks.display import table
    from snippets.playbooks.report import to_html

    value = f"{before}{control}{after}"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text=f"rejected row 13 '{value}'\n"),
        nbformat.v4.new_output("display_data", data={"text/html": table(pd.DataFrame({value: [value]})).to_html(),
                                                     "text/plain": value, "text/markdown": f"- {value}"}),
    ])])
    html = to_html(nb)
    soup = BeautifulSoup(html, "html.parser")
    text = soup.get_text()
    for c in control:
        if not c.isprintable() or c in "\u202e\u2066":
            assert c not in text, repr(c)
    assert not soup.select('[class*="ansi-"]'), "ANSI codes from the data became styles"


def test_the_audit_report_shows_an_escape_in_an_order_id_as_text(sample, tmp_path):
    from bs4 import BeautifulSoup

    from snippets.playbooks.report import write_report
    from snippets.playbooks.runner import run_playbook

    lines = sample["orders"].read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    cells = lines[12].split("\t")
    cells[head.index("amazon-order-id")] = "112-\x1b[41mX"
    lines[12] = "\t".join(cells)
    cells = lines[5].split("\t")
    cells[head.index("sku")] = "SKU-\u202eevil"
    lines[5] = "\t".join(cells)
    orders = tmp_path / "orders.txt"
    orders.write_text("\n".join(lines) + "\n", encoding="utf-8")
    nb = run_playbook("account-health-audit", {"orders_file": str(orders), "lang": "en"}, timeout=240)
    html = write_report(nb, tmp_path / "r.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert "\x1b" not in html and "\u202e" not in soup.get_text()
    assert "112-\\x1b[41mX" in soup.get_text()
    assert not soup.select('[class*="ansi-"]')


# --- numbers a parameter's type allows but the analysis cannot use -------------------------------------------------

@given(days=st.one_of(st.integers(max_value=0), st.integers(min_value=3661), st.booleans()))
@FUZZ
def test_days_out_of_range_is_refused_before_reading(days):
    """Before: days=99999999999 raised MemoryError (745 GiB) inside the notebook; 0 or -5 drew an empty chart."""
    from snippets.orders.volume import orders_per_day

    with pytest.raises(UserError, match="days"):
        orders_per_day("/nonexistent/orders.txt", days=days)


@pytest.mark.parametrize("value", [-1, -100, True])
def test_a_negative_admin_allowance_is_refused(sample, value):
    from snippets.security import roster

    with pytest.raises(UserError, match="max_admins"):
        roster.audit(roster.read_roster(sample["users"]), "2026-10-31", value)


def test_sample_data_refuses_an_empty_folder_name(tmp_path, monkeypatch, capsys):
    """Before: `sample-data ""` (an unset "$DIR" in a script) wrote the sample files into the current folder."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["sample-data", "  "])
    assert exit_.value.code == 2 and "empty" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
