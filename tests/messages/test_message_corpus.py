"""The checker against the labelled corpus: the issue's targets, so a regression fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.messages.evaluation import POLICY_CATEGORIES, load_corpus, score

CORPUS = Path(__file__).resolve().parent.parent / "data" / "message_corpus"
EVASIONS = {"fullwidth", "zero_width", "spelled_at_dot", "spaced_letters", "homoglyph", "hxxp", "no_scheme",
            "phone_format", "number_words", "kanji_numerals"}


@pytest.fixture(scope="module")
def cases():
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def report(cases):
    return score(cases)


def test_corpus_is_big_varied_and_balanced(cases):
    assert len(cases) >= 300
    langs = {c.lang for c in cases}
    assert langs == {"en", "de", "fr", "es", "it", "ja"}
    for lang in langs:
        assert sum(c.lang == lang for c in cases) >= 40, lang
    compliant = sum(not c.expect for c in cases) / len(cases)
    # Batches 47 and 48 (issue 13, third round) are about 64 % compliant on purpose: false alarms first.
    assert 0.40 <= compliant <= 0.52
    assert {cat for c in cases for cat in c.expect} == set(POLICY_CATEGORIES)
    assert {c.evasion for c in cases if c.evasion} >= EVASIONS
    assert len({c.text for c in cases}) == len(cases), "duplicate messages in the corpus"


@pytest.mark.parametrize("category", POLICY_CATEGORIES)
def test_precision_and_recall_per_category(report, category):
    s = report.by_category
    misses = [(c.source, sorted(c.expect), sorted(got)) for c, got in report.misses
              if (category in c.expect) != (category in got)]
    assert s.precision(category) >= 0.95, misses
    assert s.recall(category) >= 0.95, misses


def test_compliant_messages_are_rarely_flagged(report):
    assert report.false_flag_share <= 0.02


def test_declared_language_gives_the_same_targets(cases):
    report = score(cases, use_declared_language=True)
    for category in POLICY_CATEGORIES:
        assert report.by_category.precision(category) >= 0.95
        assert report.by_category.recall(category) >= 0.95
    assert report.false_flag_share <= 0.02
