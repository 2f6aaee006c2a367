"""The blind message sets are well formed (format only: this file never runs the checker on them).

tests/data/message_firstrun/ and tests/data/message_blind3/ hold labelled seller messages written blind to the
checker's rules, its corpus and the sets before them, for one purpose: first-run scores of the checker on text
it has never seen (issue 13). Each README.md gives the rule (frozen, never tuned on). These tests guard their
shape so a benchmark can trust them: every file parses, ids are unique and follow the file's language and set
("fr2-001", "fr3-001", never clashing with the held-out "fr-001"), labels come from the fixed list, each
language has enough messages with 45-55 % compliant and every category, no text repeats a message of an
earlier set, and the counts table in each README is the one computed from the files.

Print a set's counts table for its README with: python tests/test_blind_sets.py message_blind3
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent / "data"
LANGS = ("en", "de", "fr", "es", "it", "ja")
LABELS = ("external_contact", "external_link", "review_incentive", "review_manipulation", "promotion",
          "off_platform", "sensitive_data")
PLATFORMS = ("amazon", "ebay", "walmart")
FIELDS = {"id", "text", "labels", "platform", "note", "source"}
COMPLIANT_SHARE = (0.45, 0.55)


@dataclass(frozen=True)
class BlindSet:
    folder: str  # under tests/data
    tag: str  # the id suffix after the language: fr2-001
    header: str  # how every file's first line starts
    min_per_lang: int
    earlier: tuple[str, ...]  # sets whose texts it must not repeat

    def load(self, lang: str) -> dict:
        return yaml.safe_load((DATA / self.folder / f"{lang}.yaml").read_text(encoding="utf-8"))

    def messages(self) -> list[dict]:
        return [m for lang in LANGS for m in self.load(lang)["messages"]]


SETS = (BlindSet("message_firstrun", "2", "# Frozen first-run set", 60, ("message_heldout",)),
        BlindSet("message_blind3", "3", "# Frozen third blind set (issue 13)", 70,
                 ("message_heldout", "message_firstrun")))
FILES = [(s, lang) for s in SETS for lang in LANGS]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def counts_table(blind: BlindSet) -> str:
    """The README's counts table, computed from the files (one row per language and one for all)."""
    head = ["lang", "messages", "compliant", *LABELS, " / ".join(PLATFORMS)]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    total: Counter[str] = Counter()
    for lang in (*LANGS, "all"):
        if lang == "all":
            c = total
        else:
            msgs = blind.load(lang)["messages"]
            c = Counter({"messages": len(msgs), "compliant": sum(1 for m in msgs if not m["labels"])})
            c.update(label for m in msgs for label in m["labels"])
            c.update(m["platform"] for m in msgs)
            total.update(c)
        cells = [lang, *(str(c[k]) for k in ("messages", "compliant", *LABELS)),
                 " / ".join(str(c[p]) for p in PLATFORMS)]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


@pytest.fixture(scope="module", params=FILES, ids=lambda f: f"{f[0].folder}-{f[1]}")
def lang_file(request):
    blind, lang = request.param
    return blind, lang, blind.load(lang)


def test_each_file_declares_its_language_and_is_frozen(lang_file):
    blind, lang, data = lang_file
    assert set(data) == {"lang", "messages"}
    assert data["lang"] == lang
    head = (DATA / blind.folder / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith(blind.header), "the header says the set is frozen and never used for tuning"


def test_messages_are_complete_and_labelled_from_the_list(lang_file):
    blind, lang, data = lang_file
    assert isinstance(data["messages"], list) and data["messages"]
    for msg in data["messages"]:
        assert isinstance(msg, dict), msg
        assert set(msg) <= FIELDS, f"{msg.get('id')}: unknown fields {set(msg) - FIELDS}"
        assert re.fullmatch(rf"{lang}{blind.tag}-\d{{3}}", str(msg.get("id"))), msg.get("id")
        assert isinstance(msg.get("text"), str) and msg["text"].strip(), msg["id"]
        assert isinstance(msg.get("labels"), list), msg["id"]
        assert set(msg["labels"]) <= set(LABELS), f"{msg['id']}: {set(msg['labels']) - set(LABELS)}"
        assert len(msg["labels"]) == len(set(msg["labels"])), f"{msg['id']}: a label repeats"
        assert msg.get("platform") in PLATFORMS, msg["id"]
        assert isinstance(msg.get("note"), str) and msg["note"].strip(), f"{msg['id']}: every message says why"
        if "source" in msg:
            assert str(msg["source"]).startswith("https://"), msg["id"]


def test_ids_are_numbered_in_order_without_gaps(lang_file):
    blind, lang, data = lang_file
    ids = [m["id"] for m in data["messages"]]
    assert ids == [f"{lang}{blind.tag}-{n:03d}" for n in range(1, len(ids) + 1)]


@pytest.mark.parametrize("blind", SETS, ids=lambda s: s.folder)
def test_ids_are_unique_and_never_those_of_another_set(blind):
    ids = [m["id"] for m in blind.messages()]
    assert not [i for i, n in Counter(ids).items() if n > 1]
    assert not [i for i in ids if not re.fullmatch(rf"[a-z]{{2}}{blind.tag}-\d{{3}}", i)], "another set's ids"


@pytest.mark.parametrize("blind, earlier", [(s, e) for s in SETS for e in s.earlier],
                         ids=lambda v: v.folder if isinstance(v, BlindSet) else v)
def test_no_text_repeats_a_message_of_an_earlier_set(blind, earlier):
    # A message in two blind sets would be counted twice and would not be unseen. Only ids are reported, so a
    # failure never shows the other set's text to whoever runs this.
    paths = sorted((DATA / earlier).glob("*.yaml"))
    assert len(paths) == len(LANGS), f"{earlier}: expected one file per language"
    theirs = {_norm(m["text"]) for path in paths for m in yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]}
    ours = [m["id"] for m in blind.messages() if _norm(m["text"]) in theirs]
    assert not ours, f"also in {earlier}: {ours}"


@pytest.mark.parametrize("blind", SETS, ids=lambda s: s.folder)
def test_texts_are_not_repeated_within_the_set(blind):
    texts = Counter(_norm(m["text"]) for m in blind.messages())
    assert not [t for t, n in texts.items() if n > 1]


@pytest.mark.parametrize("blind", SETS, ids=lambda s: s.folder)
def test_zero_width_characters_arrive_as_real_characters(blind):
    # The READMEs say \u200b escapes in the YAML load as real U+200B; a single-quoted string would keep the
    # six characters "\u200b" and measure nothing.
    texts = [m["text"] for m in blind.messages()]
    assert any("\u200b" in t for t in texts)
    assert not [t for t in texts if "\\u200b" in t]


def test_enough_messages_and_about_half_compliant(lang_file):
    blind, lang, data = lang_file
    msgs = data["messages"]
    assert len(msgs) >= blind.min_per_lang, f"{lang}: {len(msgs)} messages"
    share = sum(1 for m in msgs if not m["labels"]) / len(msgs)
    low, high = COMPLIANT_SHARE
    assert low <= share <= high, f"{lang}: compliant share {share:.2f}"


def test_every_category_appears_in_every_language(lang_file):
    _, lang, data = lang_file
    seen = {label for m in data["messages"] for label in m["labels"]}
    assert seen == set(LABELS), f"{lang} lacks {set(LABELS) - seen}"


@pytest.mark.parametrize("blind", SETS, ids=lambda s: s.folder)
def test_readme_counts_table_is_the_one_computed_from_the_files(blind):
    readme = (DATA / blind.folder / "README.md").read_text(encoding="utf-8")
    assert counts_table(blind) in readme, (f"README counts are stale: paste the output of "
                                           f"python tests/test_blind_sets.py {blind.folder}")


def test_this_file_never_runs_the_checker():
    source = Path(__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+snippets", source, re.M)


if __name__ == "__main__":
    wanted = sys.argv[1:] or [s.folder for s in SETS]
    for s in SETS:
        if s.folder in wanted:
            print(f"{s.folder}:\n{counts_table(s)}\n")
