"""The third blind message set is well formed (format only: this file never runs the checker on it).

tests/data/message_blind3/ holds labelled seller messages written blind to the checker's rules, corpus and the
two earlier blind sets, for one purpose: an honest first-run score of the checker on text it has never seen
(issue 13). Its README.md gives the rule (frozen, never tuned on). These tests guard its shape so a benchmark
can trust it: every file parses, ids are unique and follow the file's language ("fr3-001", never clashing with
the held-out "fr-001" or the first-run "fr2-001"), labels come from the fixed list, each language has at least
70 messages with 45-55 % compliant, every category appears in every language, no text repeats a message of
the earlier blind sets, and the counts table in the README is the one computed from the files.

Print the counts table for the README with: python tests/test_message_blind3.py
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent / "data"
BLIND3 = DATA / "message_blind3"
EARLIER_SETS = ("message_heldout", "message_firstrun")
LANGS = ("en", "de", "fr", "es", "it", "ja")
LABELS = ("external_contact", "external_link", "review_incentive", "review_manipulation", "promotion",
          "off_platform", "sensitive_data")
PLATFORMS = ("amazon", "ebay", "walmart")
FIELDS = {"id", "text", "labels", "platform", "note", "source"}
MIN_PER_LANG = 70
COMPLIANT_SHARE = (0.45, 0.55)


def _load(lang: str) -> dict:
    return yaml.safe_load((BLIND3 / f"{lang}.yaml").read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def counts_table() -> str:
    """The README's counts table, computed from the files (one row per language and one for all)."""
    head = ["lang", "messages", "compliant", *LABELS, " / ".join(PLATFORMS)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    total: Counter[str] = Counter()
    for lang in (*LANGS, "all"):
        if lang == "all":
            c = total
        else:
            msgs = _load(lang)["messages"]
            c = Counter({"messages": len(msgs), "compliant": sum(1 for m in msgs if not m["labels"])})
            c.update(label for m in msgs for label in m["labels"])
            c.update(m["platform"] for m in msgs)
            total.update(c)
        cells = [lang, *(str(c[k]) for k in ("messages", "compliant", *LABELS)),
                 " / ".join(str(c[p]) for p in PLATFORMS)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


@pytest.fixture(scope="module", params=LANGS)
def lang_file(request):
    return request.param, _load(request.param)


def test_each_file_declares_its_language_and_is_frozen(lang_file):
    lang, data = lang_file
    assert set(data) == {"lang", "messages"}
    assert data["lang"] == lang
    head = (BLIND3 / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# Frozen third blind set (issue 13)"), "the header says the set is frozen, never tuned on"


def test_messages_are_complete_and_labelled_from_the_list(lang_file):
    lang, data = lang_file
    assert isinstance(data["messages"], list) and data["messages"]
    for msg in data["messages"]:
        assert isinstance(msg, dict), msg
        assert set(msg) <= FIELDS, f"{msg.get('id')}: unknown fields {set(msg) - FIELDS}"
        assert re.fullmatch(rf"{lang}3-\d{{3}}", str(msg.get("id"))), msg.get("id")
        assert isinstance(msg.get("text"), str) and msg["text"].strip(), msg["id"]
        assert isinstance(msg.get("labels"), list), msg["id"]
        assert set(msg["labels"]) <= set(LABELS), f"{msg['id']}: {set(msg['labels']) - set(LABELS)}"
        assert len(msg["labels"]) == len(set(msg["labels"])), f"{msg['id']}: a label repeats"
        assert msg.get("platform") in PLATFORMS, msg["id"]
        assert isinstance(msg.get("note"), str) and msg["note"].strip(), f"{msg['id']}: every message says why"
        if "source" in msg:
            assert str(msg["source"]).startswith("https://"), msg["id"]


def test_ids_are_numbered_in_order_without_gaps(lang_file):
    lang, data = lang_file
    ids = [m["id"] for m in data["messages"]]
    assert ids == [f"{lang}3-{n:03d}" for n in range(1, len(ids) + 1)]


def test_ids_are_unique_and_never_those_of_the_earlier_sets():
    ids = [m["id"] for lang in LANGS for m in _load(lang)["messages"]]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, dupes
    assert not [i for i in ids if not re.fullmatch(r"[a-z]{2}3-\d{3}", i)], "held-out or first-run style ids clash"


@pytest.mark.parametrize("earlier", EARLIER_SETS)
def test_no_text_repeats_a_message_of_an_earlier_blind_set(earlier):
    # A message in two blind sets would be counted twice and would not be unseen. Only ids are reported, so a
    # failure never shows the other set's text to whoever runs this.
    folder = DATA / earlier
    paths = sorted(folder.glob("*.yaml"))
    assert len(paths) == len(LANGS), f"{earlier}: expected one file per language"
    theirs = {_norm(m["text"]) for path in paths
              for m in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]}
    ours = [m["id"] for lang in LANGS for m in _load(lang)["messages"] if _norm(m["text"]) in theirs]
    assert not ours, f"also in {earlier}: {ours}"


def test_texts_are_not_repeated_within_the_set():
    texts = Counter(_norm(m["text"]) for lang in LANGS for m in _load(lang)["messages"])
    assert not [t for t, n in texts.items() if n > 1]


def test_zero_width_characters_arrive_as_real_characters():
    # The README says \u200b escapes in the YAML load as real U+200B; a single-quoted string would keep the
    # six characters "\u200b" and measure nothing.
    texts = [m["text"] for lang in LANGS for m in _load(lang)["messages"]]
    assert any("\u200b" in t for t in texts)
    assert not [t for t in texts if "\\u200b" in t]


def test_enough_messages_and_about_half_compliant(lang_file):
    lang, data = lang_file
    msgs = data["messages"]
    assert len(msgs) >= MIN_PER_LANG, f"{lang}: {len(msgs)} messages"
    share = sum(1 for m in msgs if not m["labels"]) / len(msgs)
    low, high = COMPLIANT_SHARE
    assert low <= share <= high, f"{lang}: compliant share {share:.2f}"


def test_every_category_appears_in_every_language(lang_file):
    lang, data = lang_file
    seen = {label for m in data["messages"] for label in m["labels"]}
    assert seen == set(LABELS), f"{lang} lacks {set(LABELS) - seen}"


def test_readme_counts_table_is_the_one_computed_from_the_files():
    readme = (BLIND3 / "README.md").read_text(encoding="utf-8")
    assert counts_table() in readme, "README counts are stale: paste the output of python tests/test_message_blind3.py"


def test_this_file_never_runs_the_checker():
    source = Path(__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+snippets", source, re.M)


if __name__ == "__main__":
    print(counts_table())
