"""The context data (snippets/data/messages/context.yaml): every example holds, and the file is validated."""

from __future__ import annotations

import pytest

from snippets.messages import check_message
from snippets.messages.context import load_context

RAW = load_context().raw


def _examples(section: dict, key: str):
    return [(lang, text) for lang, texts in section["examples"].get(key, {}).items() for text in texts]


def _flagged(text: str, lang: str, rules=None) -> list:
    return [f for f in check_message(text, lang=lang) if f.severity in ("error", "warning")
            and f.category != "formatting" and (rules is None or f.rule in rules)]


NEGATION, NAMES = RAW["negation"], RAW["names"]


@pytest.mark.parametrize(("lang", "text"), _examples(NEGATION, "lowered"))
def test_a_negated_request_is_only_info(lang, text):
    assert not _flagged(text, lang)


@pytest.mark.parametrize(("lang", "text"), _examples(NEGATION, "kept"))
def test_a_negative_word_that_negates_nothing_keeps_the_finding(lang, text):
    assert _flagged(text, lang)


@pytest.mark.parametrize(("lang", "text"), [e for m in RAW["mentions"] for e in _examples(m, "lowered")])
def test_a_mention_is_not_a_request(lang, text):
    assert not _flagged(text, lang)


@pytest.mark.parametrize(("lang", "text"), [e for m in RAW["mentions"] for e in _examples(m, "kept")])
def test_a_mention_with_a_request_still_counts(lang, text):
    assert _flagged(text, lang)


@pytest.mark.parametrize(("lang", "text"), _examples(NAMES, "gone"))
def test_a_product_name_is_no_rating_request(lang, text):
    assert not _flagged(text, lang, set(NAMES["rules"]))


@pytest.mark.parametrize(("lang", "text"), _examples(NAMES, "kept"))
def test_a_quoted_rating_alone_is_still_a_request(lang, text):
    assert _flagged(text, lang, set(NAMES["rules"]))


def test_detectors_are_never_lowered_by_a_negation():
    found = check_message("Don't use Amazon messages, email me at jo.smith@gmail.com", lang="en")
    assert any(f.rule == "external_contact.email" and f.severity == "error" for f in found)
