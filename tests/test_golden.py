"""Golden files: the CLI's table and JSON output, byte for byte, on fixed sample data.

Refactors must not change what users and their scripts read. After an intended change to the output, rewrite
the files with `UPDATE_GOLDEN=1 pytest tests/test_golden.py`, check the diff, and note the change in CHANGELOG.md.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from snippets.cli import main
from snippets.sample_data import write_sample_data

GOLDEN = Path(__file__).parent / "golden"
REPORT = Path(__file__).parent / "data" / "accountHealthReport-example.json"

CASES = {
    "metrics-json": ["metrics", "{orders}", "--as-of", "2026-11-20", "--format", "json"],
    "metrics-table-zh": ["metrics", "{orders}", "--as-of", "2026-11-20", "--lang", "zh"],
    "metrics-by-carrier-en": ["metrics", "{orders}", "--as-of", "2026-11-20", "--lang", "en", "--by", "carrier"],
    "metrics-ebay-json": ["metrics", "{orders}", "--as-of", "2026-11-20", "--platform", "ebay", "--format", "json"],
    "account-health-json": ["account-health", str(REPORT), "--format", "json"],
    "account-health-table-en": ["account-health", str(REPORT), "--lang", "en"],
}


@pytest.fixture(scope="module")
def orders(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    write_sample_data(out, n_orders=400, seed=7, end=date(2026, 11, 20))
    return out / "orders.txt"


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_unchanged(name, orders, capsys):
    argv = [a.replace("{orders}", str(orders)) for a in CASES[name]]
    code = main(argv)
    # Paths differ between checkouts: the files are named by placeholders.
    out = capsys.readouterr().out.replace(str(orders), "<orders>").replace(str(REPORT), "<report>")
    got = f"exit {code}\n{out}"
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), f"{name}: output changed; see the module docstring"
