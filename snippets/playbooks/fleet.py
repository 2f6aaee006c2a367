"""``playbook run NAME --each stores.csv -o reports/ --jobs N``: the same playbook for every store in a
table (one row of parameters per store, a ``store`` column naming it), several at a time, never stopping
because one store's file is bad, ending with a summary table."""

from __future__ import annotations

import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path

from snippets.errors import UserError
from snippets.outputs import for_terminal

# File names Windows reserves in every folder, with any extension (CON.html cannot be opened there).
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_JOBS = 16  # stores at a time: a thousand kernels at once would take the machine down
MAX_SLUG = 100  # characters of a report's file name taken from the store name (file systems allow 255 bytes)


def report_name(store: str, line: int) -> str:
    """A file name for a store's report that is safe on every system: letters, digits, ``.``, ``-`` and ``_``
    only (no folder, no ``..``), not a name Windows reserves, not too long."""
    slug = re.sub(r"[^\w.-]+", "-", store).strip("-.")[:MAX_SLUG].strip("-.") or f"store-{line}"
    if slug.split(".")[0].lower() in WINDOWS_RESERVED:
        slug = f"store-{slug}"
    return slug


@dataclass
class StoreRun:
    store: str
    params: dict
    report: Path
    status: str = "waiting"  # ok | failed
    seconds: float = 0.0
    error: str = ""
    headline: dict = field(default_factory=dict)


def _blank(value) -> bool:
    """An empty cell: None, or NaN where a workbook column has no value at all."""
    return value is None or (isinstance(value, float) and value != value)


def read_stores(path: Path, playbook: str) -> list[StoreRun]:
    """Rows of the stores table, each checked against the playbook's parameters before anything runs."""
    import nbformat

    from snippets.orders.tables import read_table
    from snippets.playbooks.params import check_parameters
    from snippets.playbooks.runner import find_playbook

    table = read_table(path)
    columns = {("store" if str(c).strip().lower() == "store" else str(c).strip()): c for c in table.columns}
    if "store" not in columns:
        raise UserError(f"--each {path}: needs a 'store' column naming each store (a report is written per "
                        f"store), then one column per parameter. Columns found: {', '.join(columns)}")
    nb = nbformat.read(find_playbook(playbook), as_version=4)
    runs, seen = [], set()
    for i, row in table.iterrows():
        name = "" if _blank(row[columns["store"]]) else str(row[columns["store"]]).strip()
        line = table.attrs["rows"][i]
        if not name:
            raise UserError(f"--each {path}: row {line} has no store name")
        params = {k: row[c] for k, c in columns.items() if k != "store" and not _blank(row[c])}
        params = check_parameters(nb, params, playbook, where=f"--each {path} row {line}:")
        slug = report_name(name, line)
        if slug.lower() in seen:
            raise UserError(f"--each {path}: store '{name}' (row {line}) appears twice, or its report name {slug} "
                            "clashes with another store's: give each store a different name")
        seen.add(slug.lower())
        runs.append(StoreRun(name, params, Path(f"{slug}.html")))
    if not runs:
        raise UserError(f"--each {path}: no stores in the table")
    return runs


def check_reports(runs: list[StoreRun], stores_file: Path, force: bool) -> None:
    """Before anything runs: no report would overwrite an input (the stores table, a store's file), and none
    would overwrite an existing file unless ``force``."""
    inputs = [Path(stores_file)] + [Path(v) for r in runs for v in r.params.values() if isinstance(v, str) and v]
    inputs = [p.resolve() for p in inputs if p.exists()]
    for r in runs:
        if r.report.resolve() in inputs:
            raise UserError(f"--output: the report of store '{r.store}', {r.report}, is an input file; writing it "
                            "would destroy it. Choose another --output folder.")
    existing = [r.report for r in runs if r.report.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise UserError(f"--output: {len(existing)} report(s) already exist ({shown}). Choose an empty folder, or "
                        "add --force to overwrite them.")


def run_each(playbook: str, stores_file: Path, outdir: Path, jobs: int = 2, timeout: int = 300,
             suffix: str = ".html", out=None, err=None, force: bool = False) -> list[StoreRun]:
    from snippets.playbooks.display import headline_of
    from snippets.playbooks.report import write_report
    from snippets.playbooks.runner import run_playbook, stop_running

    out, err = out or sys.stdout, err or sys.stderr  # at call time: a redirected stdout is the one to use
    if not 1 <= jobs <= MAX_JOBS:
        raise UserError(f"--jobs {jobs}: give 1 to {MAX_JOBS}. Each store at a time runs its own Python kernel "
                        "(about 150 MB and one core while it computes).")
    if not outdir.is_dir():
        raise UserError(f"--output {outdir}: with --each, give an existing folder for the reports")
    runs = read_stores(stores_file, playbook)
    for r in runs:
        r.report = outdir / f"{r.report.stem}{suffix}"
    check_reports(runs, stores_file, force)
    done = 0
    stopping: list[bool] = []

    def one(r: StoreRun) -> StoreRun:
        start = time.monotonic()
        try:
            nb = run_playbook(playbook, r.params, timeout, where=f"store {r.store}:")
            write_report(nb, r.report)
            r.headline, r.status = headline_of(nb), "ok"
        except Exception as e:  # bad input, a kernel that died, a full disk: report it for this store, go on
            if stopping:  # the kernel was stopped on Ctrl-C
                r.status, r.error = "interrupted", "interrupted (Ctrl-C)"
            else:
                r.status, r.error = "failed", str(e) if isinstance(e, UserError) else f"{type(e).__name__}: {e}"
        r.seconds = time.monotonic() - start
        return r

    print(f"{playbook}: {len(runs)} stores, {min(jobs, len(runs))} at a time", file=err, flush=True)
    pool = ThreadPoolExecutor(max_workers=min(jobs, len(runs)))
    futures: list = []
    try:
        futures = [pool.submit(one, r) for r in runs]
        for fut in as_completed(futures):
            r = fut.result()
            done += 1
            bar = "#" * (20 * done // len(runs))
            note = "ok" if r.status == "ok" else "FAILED: " + (r.error.splitlines() or [""])[0][:200]
            print(for_terminal(f"[{bar:<20}] {done}/{len(runs)} {r.store}: {note} ({r.seconds:.1f} s)"), file=err,
                  flush=True)
    except KeyboardInterrupt:
        # Ctrl-C: start no other store, stop the ones running (their kernels are in sessions of their own and
        # did not see it), say which reports were written, and let the CLI exit 130.
        stopping.append(True)
        pool.shutdown(wait=False, cancel_futures=True)
        while not all(f.done() for f in futures):  # a kernel still being launched is not in reach yet
            stop_running()
            wait(futures, timeout=0.5)
        for r in runs:
            if r.status == "waiting":
                r.status, r.error = "interrupted", "not started (Ctrl-C)"
        print(summary_table(runs), file=out, flush=True)
        raise
    finally:
        pool.shutdown(wait=True)
    print(summary_table(runs), file=out)
    failed = [r for r in runs if r.status != "ok"]
    if failed:
        print(f"{len(failed)} of {len(runs)} stores failed:", file=err)
        for r in failed:
            print(for_terminal(f"- {r.store}: {r.error}"), file=err)
    return runs


def summary_table(runs: list[StoreRun]) -> str:
    rows: list[tuple[str, ...]] = [("store", "status", "seconds", "report", "headline")]
    for r in runs:
        head = (", ".join(f"{k} {v}" for k, v in r.headline.items()) if r.status == "ok"
                else (r.error.splitlines() or [""])[0][:80])
        rows.append(tuple(for_terminal(c) for c in (r.store, r.status, f"{r.seconds:.1f}",
                                                     str(r.report) if r.status == "ok" else "—", head)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(row[i].ljust(widths[i]) for i in range(4)) + "  " + row[4] for row in rows)
