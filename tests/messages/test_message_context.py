"""The context data (snippets/data/messages/context.yaml): every example holds, and the file is validated."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.errors import UserError
from snippets.messages import check_message
from snippets.messages.context import CONTEXT_FILE, load_context

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


def test_the_built_in_context_file_matches_the_schema():
    """``check`` skips the schema for the built-in file (importing jsonschema costs more than a check)."""
    assert load_context(CONTEXT_FILE, validate=True).raw == RAW


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = CONTEXT_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "context.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# (text replaced, replacement, entry named, problem named)
BROKEN = [
    pytest.param("  - rules: [review_manipulation.positive_review_request]\n",
                 "  - rules: [review_manipulation.positive_review_request]\n    colour: red\n",
                 "mentions[1]", "('colour' was unexpected)", id="unknown-field"),
    pytest.param("  title_case_languages: [en, fr, es, it]", "  title_case_languages: [en, fr, es, it, pt]",
                 "names.title_case_languages[4]", "'pt' is not one of", id="unknown-language"),
    pytest.param("  governed:\n    de:", "  governed:\n    nl:", "negation.governed",
                 "'nl' is not one of", id="unknown-language-key"),
    pytest.param("  quotes: ['\"',", "  quotes: ['\"\"',", "names.quotes[0]",
                 "is too long (one quotation mark)", id="two-character-quote"),
]


@pytest.mark.parametrize(("old", "new", "entry", "problem"), BROKEN)
def test_a_broken_context_file_names_file_entry_and_problem(tmp_path, old, new, entry, problem):
    path = _broken_copy(tmp_path, old, new)
    with pytest.raises(UserError) as err:
        load_context(path)
    message = str(err.value)
    assert str(path) in message
    line = next(line for line in message.splitlines() if problem in line)
    assert line.strip().startswith(f"- {entry}"), message


def test_a_regular_expression_that_does_not_compile_is_named(tmp_path):
    path = _broken_copy(tmp_path, "    de: ['\\bzu [a-zäöüß]+n\\b'", "    de: ['(\\bzu [a-zäöüß]+n\\b'")
    with pytest.raises(UserError, match=r"context\.yaml: negation\.governed\.de: bad regular expression"):
        load_context(path)
