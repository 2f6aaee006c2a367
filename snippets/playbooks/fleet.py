"""``playbook run NAME --each stores.csv -o reports/ --jobs N``: the same playbook for every store in a
table (one row of parameters per store, a ``store`` column naming it), several at a time, never stopping
because one store's file is bad, ending with a summary table."""

from __future__ import annotations

import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from snippets.errors import UserError


@dataclass
class StoreRun:
    store: str
    params: dict
    report: Path
    status: str = "waiting"  # ok | failed
    seconds: float = 0.0
    error: str = ""
    headline: dict = field(default_factory=dict)


def read_stores(path: Path, playbook: str) -> list[StoreRun]:
    """Rows of the stores table, each checked against the playbook's parameters before anything runs."""
    import nbformat

    from snippets.orders.tables import read_table
    from snippets.playbooks.params import check_parameters
    from snippets.playbooks.runner import find_playbook

    table = read_table(path)
    columns = {str(c).strip(): c for c in table.columns}
    if "store" not in columns:
        raise UserError(f"--each {path}: needs a 'store' column naming each store (a report is written per "
                        f"store), then one column per parameter. Columns found: {', '.join(columns)}")
    nb = nbformat.read(find_playbook(playbook), as_version=4)
    runs, seen = [], set()
    for i, row in table.iterrows():
        name = str(row[columns["store"]] or "").strip()
        line = table.attrs["rows"][i]
        if not name:
            raise UserError(f"--each {path}: row {line} has no store name")
        params = {k: row[c] for k, c in columns.items() if k != "store" and row[c] is not None}
        params = check_parameters(nb, params, playbook, where=f"--each {path} row {line}:")
        slug = re.sub(r"[^\w.-]+", "-", name).strip("-.") or f"store-{line}"
        if slug.lower() in seen:
            raise UserError(f"--each {path}: store '{name}' (row {line}) appears twice or clashes with another name")
        seen.add(slug.lower())
        runs.append(StoreRun(name, params, Path(f"{slug}.html")))
    if not runs:
        raise UserError(f"--each {path}: no stores in the table")
    return runs


def run_each(playbook: str, stores_file: Path, outdir: Path, jobs: int = 2, timeout: int = 300,
             suffix: str = ".html", out=sys.stdout, err=sys.stderr) -> list[StoreRun]:
    from snippets.playbooks.display import headline_of
    from snippets.playbooks.report import write_report
    from snippets.playbooks.runner import run_playbook

    if jobs < 1:
        raise UserError("--jobs must be at least 1")
    if not outdir.is_dir():
        raise UserError(f"--output {outdir}: with --each, give an existing folder for the reports")
    runs = read_stores(stores_file, playbook)
    for r in runs:
        r.report = outdir / r.report.with_suffix(suffix)
    done = 0

    def one(r: StoreRun) -> StoreRun:
        start = time.monotonic()
        try:
            nb = run_playbook(playbook, r.params, timeout, where=f"store {r.store}:")
            write_report(nb, r.report)
            r.headline, r.status = headline_of(nb), "ok"
        except UserError as e:
            r.status, r.error = "failed", str(e)
        except Exception as e:  # a kernel that died, a full disk: report it for this store and carry on
            r.status, r.error = "failed", f"{type(e).__name__}: {e}"
        r.seconds = time.monotonic() - start
        return r

    print(f"{playbook}: {len(runs)} stores, {min(jobs, len(runs))} at a time", file=err, flush=True)
    with ThreadPoolExecutor(max_workers=min(jobs, len(runs))) as pool:
        for fut in as_completed([pool.submit(one, r) for r in runs]):
            r = fut.result()
            done += 1
            bar = "#" * (20 * done // len(runs))
            note = "ok" if r.status == "ok" else "FAILED: " + r.error.splitlines()[0][:200]
            print(f"[{bar:<20}] {done}/{len(runs)} {r.store}: {note} ({r.seconds:.1f} s)", file=err, flush=True)
    print(summary_table(runs), file=out)
    failed = [r for r in runs if r.status != "ok"]
    if failed:
        print(f"{len(failed)} of {len(runs)} stores failed:", file=err)
        for r in failed:
            print(f"- {r.store}: {r.error}", file=err)
    return runs


def summary_table(runs: list[StoreRun]) -> str:
    rows = [("store", "status", "seconds", "report", "headline")]
    for r in runs:
        head = ", ".join(f"{k} {v}" for k, v in r.headline.items()) if r.status == "ok" else r.error.splitlines()[0][:80]
        rows.append((r.store, r.status, f"{r.seconds:.1f}", str(r.report) if r.status == "ok" else "—", head))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(row[i].ljust(widths[i]) for i in range(4)) + "  " + row[4] for row in rows)
