"""The point → page table (snippets/data/seed_coverage.yaml) stays complete and true: every one of the 61
actionable points of the source documents is mapped to pages that exist in both languages, or still pending."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "snippets" / "data" / "seed_coverage.yaml"
ALL_POINTS = set(range(1, 62))
OPERATIONS_HALF = {1, 2, 3, 4, *range(16, 27), 37, 41, 42, 43, 44, *range(49, 57), 60}  # issue 8


def _table():
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


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
