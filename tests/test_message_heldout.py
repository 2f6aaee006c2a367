"""The frozen held-out message set is well formed (format only: this file never runs the checker on it).

The set in tests/data/message_heldout/ was written blind to the checker's rules and corpus and is never used
for tuning (its README.md gives the rule). These tests guard its shape so that a benchmark can trust it:
every file parses, ids are unique and follow the file's language, labels come from the fixed list, each
language has enough messages with a balanced share of compliant ones, and the README counts match the files.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

HELDOUT = Path(__file__).resolve().parent / "data" / "message_heldout"
LANGS = ("en", "de", "fr", "es", "it", "ja")
LABELS = {"external_contact", "external_link", "review_incentive", "review_manipulation", "promotion",
          "off_platform", "sensitive_data"}
PLATFORMS = {"amazon", "ebay", "walmart"}
FIELDS = {"id", "text", "labels", "platform", "note", "source"}
MIN_PER_LANG = 70


def _load(lang: str) -> dict:
    return yaml.safe_load((HELDOUT / f"{lang}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=LANGS)
def lang_file(request):
    return request.param, _load(request.param)


def test_each_file_declares_its_language_and_is_frozen(lang_file):
    lang, data = lang_file
    assert data["lang"] == lang
    head = (HELDOUT / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# Frozen held-out set"), "the header says the set is frozen and never used for tuning"


def test_messages_are_complete_and_labelled_from_the_list(lang_file):
    lang, data = lang_file
    for msg in data["messages"]:
        assert set(msg) <= FIELDS, f"{msg.get('id')}: unknown fields {set(msg) - FIELDS}"
        assert re.fullmatch(rf"{lang}-\d{{3}}", msg["id"]), msg["id"]
        assert isinstance(msg["text"], str) and msg["text"].strip(), msg["id"]
        assert isinstance(msg["labels"], list), msg["id"]
        assert set(msg["labels"]) <= LABELS, f"{msg['id']}: {set(msg['labels']) - LABELS}"
        assert len(msg["labels"]) == len(set(msg["labels"])), f"{msg['id']}: a label repeats"
        assert msg["platform"] in PLATFORMS, msg["id"]
        assert isinstance(msg.get("note"), str) and msg["note"].strip(), f"{msg['id']}: every message says why"
        if "source" in msg:
            assert msg["source"].startswith("https://"), msg["id"]


def test_ids_are_unique_across_the_set():
    ids = [m["id"] for lang in LANGS for m in _load(lang)["messages"]]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, dupes


def test_texts_are_not_repeated_within_a_language(lang_file):
    lang, data = lang_file
    texts = Counter(m["text"] for m in data["messages"])
    assert not [t for t, n in texts.items() if n > 1]


def test_enough_messages_and_about_half_compliant(lang_file):
    lang, data = lang_file
    msgs = data["messages"]
    assert len(msgs) >= MIN_PER_LANG, f"{lang}: {len(msgs)} messages"
    share = sum(1 for m in msgs if not m["labels"]) / len(msgs)
    assert 0.40 <= share <= 0.60, f"{lang}: compliant share {share:.2f}"


def test_every_category_appears_in_every_language(lang_file):
    lang, data = lang_file
    seen = {label for m in data["messages"] for label in m["labels"]}
    assert seen == LABELS, f"{lang} lacks {LABELS - seen}"


def test_readme_counts_match_the_files():
    readme = (HELDOUT / "README.md").read_text(encoding="utf-8")
    for lang in LANGS:
        msgs = _load(lang)["messages"]
        compliant = sum(1 for m in msgs if not m["labels"])
        row = re.search(rf"^\| {lang} \| (\d+) \| (\d+) \|", readme, re.M)
        assert row, f"README has no count row for {lang}"
        assert (int(row.group(1)), int(row.group(2))) == (len(msgs), compliant), lang
