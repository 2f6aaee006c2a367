"""The point → page table (snippets/data/seed_coverage.yaml) stays complete and true: every one of the 61
actionable points of the source documents is mapped to pages that exist in both languages, or still pending."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.datafiles import load_yaml
from snippets.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "snippets" / "data" / "seed_coverage.yaml"
ALL_POINTS = set(range(1, 62))
OPERATIONS_HALF = {1, 2, 3, 4, *range(16, 27), 37, 41, 42, 43, 44, *range(49, 57), 60}  # issue 8


def _table(path: Path = TABLE):
    return load_yaml(path, "seed_coverage")


def test_the_table_matches_the_schema():
    """A summary with an unquoted comma is cut there by YAML (``{summary: a, b, pages: ...}`` reads "a" and a key
    "b"): the schema refuses the stray key."""
    assert _table()["points"]


# (text replaced, replacement, entry named, problem named)
BROKEN = [
    pytest.param("  2: {summary: regular account audit,", "  2: {summry: regular account audit,",
                 "points[2]", "'summary' is a required property", id="misspelt-key"),
    pytest.param("pages: [account-health/audits.md]}", "pages: account-health/audits.md}",
                 "points[1].pages", "is not of type 'array'", id="pages-not-a-list"),
    pytest.param("  2: {summary:", "  62: {summary:", "points", "62 is greater than the maximum of 61",
                 id="unknown-point"),
    pytest.param("pending: []", "pending: [seven]", "pending[0]", "'seven' is not of type 'integer'",
                 id="pending-not-a-number"),
]


@pytest.mark.parametrize(("old", "new", "entry", "problem"), BROKEN)
def test_a_broken_table_names_file_entry_and_problem(tmp_path, old, new, entry, problem):
    text = TABLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "seed_coverage.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UserError) as err:
        _table(path)
    message = str(err.value)
    assert str(path) in message
    line = next(line for line in message.splitlines() if problem in line)
    assert line.strip().startswith(f"- {entry}"), message


def test_every_point_is_mapped_or_pending_exactly_once():
    table = _table()
    mapped, pending = set(table["points"]), set(table.get("pending") or [])
    assert not mapped & pending, f"both mapped and pending: {sorted(mapped & pending)}"
    assert mapped | pending == ALL_POINTS, f"missing: {sorted(ALL_POINTS - mapped - pending)}; unknown: {sorted((mapped | pending) - ALL_POINTS)}"


def test_the_operations_half_is_covered():
    assert OPERATIONS_HALF <= set(_table()["points"]), sorted(OPERATIONS_HALF - set(_table()["points"]))


def test_every_mapped_page_exists_in_both_languages():
    missing = []
    for point, row in _table()["points"].items():
        assert row.get("summary") and row.get("pages"), f"point {point} needs a summary and pages"
        for page in row["pages"]:
            for lang in ("zh", "en"):
                if not (ROOT / "docs" / lang / page).is_file():
                    missing.append(f"point {point}: docs/{lang}/{page}")
    assert not missing, "pages named in seed_coverage.yaml do not exist:\n" + "\n".join(missing)
