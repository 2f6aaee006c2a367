"""The checker's fast path finds exactly what the plain reading of the rules finds.

``check_message`` skips an expression when a word each of its matches needs is absent (``prefilter``: one scan
for every rule word, then a formula per expression), runs each expression at most once per text, and compiles
it behind a look-ahead for its first characters (``prefilter.guarded``). The reference below turns all three
off: every expression of every rule runs, as written, every time. On the whole tuning corpus, on long mixed
messages and on generated text, both must return the same findings, field for field."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snippets.messages import check_message, checker, detectors, prefilter
from snippets.messages import rules as rules_module
from snippets.messages.evaluation import load_corpus
from snippets.messages.language import LANGUAGES
from snippets.messages.normalize import compact, fold
from snippets.messages.rules import all_patterns, load_rules

CORPUS = load_corpus(Path(__file__).resolve().parent.parent / "data" / "message_corpus")
PATTERNS = sorted({p.pattern for p in all_patterns(load_rules())})


def _plain(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)  # the expression as written in the rule file


class _Reference(checker._Scans):
    """No skipping, no sharing: each expression runs, as written, whenever a rule asks."""

    def absent(self, pattern, text):
        return False

    def possible(self, rule, lang, text):
        return True

    def possible_in(self, text, lang):
        return None

    def matches(self, p, text):
        return list(_plain(p.pattern).finditer(text))


def _results(text, **kw):
    return [(f, f.suggestion_zh, f.title, f.title_zh) for f in check_message(text, **kw)]


@contextlib.contextmanager
def _reference_mode():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(checker, "_Scans", _Reference)
        mp.setattr(detectors, "GATED", False)
        mp.setattr(rules_module.LazyPattern, "finditer", lambda self, *a: _plain(self.pattern).finditer(*a))
        mp.setattr(rules_module.LazyPattern, "search", lambda self, *a: _plain(self.pattern).search(*a))
        yield


def reference(text, **kw):
    with _reference_mode():
        return _results(text, **kw)


def _long_messages(count: int) -> list[str]:
    """Corpus messages of different batches and languages joined, as the benchmark builds them."""
    n = len(CORPUS)
    return [" ".join(CORPUS[(i * 13 + j * 97) % n].text for j in range(6)) for i in range(count)]


def test_the_reference_runs_every_rule_and_the_fast_path_skips_most(monkeypatch):
    english = [r for r in load_rules() if r.kind == "lexicon" and "en" in r.match and "amazon" in r.platforms]
    ran: dict[str, list[str]] = {"slow": [], "fast": []}
    fast_matches = checker._Scans.matches
    monkeypatch.setattr(_Reference, "matches", lambda self, p, text: ran["slow"].append(p.pattern) or [])
    monkeypatch.setattr(checker._Scans, "matches",
                        lambda self, p, text: ran["fast"].append(p.pattern) or fast_matches(self, p, text))
    text = "Hello, thank you for your order. It ships today."
    check_message(text)
    with _reference_mode():
        check_message(text)
    assert len(ran["slow"]) == len(english)  # each English rule's first expression, no match, next rule
    assert len(ran["fast"]) < len(english) // 2


def test_fast_path_matches_the_reference_on_the_corpus_and_long_messages():
    texts = [c.text for c in CORPUS] + _long_messages(120)
    fast = [_results(t) for t in texts]
    with _reference_mode():
        slow = [_results(t) for t in texts]
    assert sum(bool(f) for f in slow) > len(texts) // 3  # real findings are compared, not empty lists
    mismatches = [t for t, a, b in zip(texts, fast, slow, strict=True) if a != b]
    assert not mismatches, f"{len(mismatches)} messages differ, e.g. {mismatches[0][:200]!r}"


@pytest.mark.parametrize(("platform", "lang"), [("ebay", None), ("walmart", None), ("amazon", "de"),
                                                ("amazon", "ja"), ("amazon", "fr")])
def test_fast_path_matches_the_reference_on_other_platforms_and_languages(platform, lang):
    texts = _long_messages(30)
    fast = [_results(t, platform=platform, lang=lang) for t in texts]
    with _reference_mode():
        slow = [_results(t, platform=platform, lang=lang) for t in texts]
    assert fast == slow


_WORDS = st.sampled_from(sorted({w for c in CORPUS[::7] for w in c.text.split()}))
_ODD = st.sampled_from(list("ıİſKÅ\u200b\u00ad@.:/-_ \n。の") + ["WhatsApp", "gmail", "dot", "5 stars", "review"])
TEXT = st.lists(st.one_of(_WORDS, _ODD, st.text(max_size=6)), max_size=60).map(" ".join)


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, st.sampled_from([None, "en", "de", "fr", "es", "it", "ja"]))
def test_fast_path_matches_the_reference_on_generated_text(text, lang):
    assert _results(text, lang=lang) == reference(text, lang=lang)


# The parts, each against its plain counterpart.

def test_scanner_finds_exactly_the_words_a_text_holds():
    scanner = checker._scanner(load_rules(), frozenset(LANGUAGES))
    for text in [compact(fold(t)).text for t in _long_messages(60)] + ["", "a", "review reviews rev", "ラインで追加"]:
        assert scanner.present(text) == {w for w in scanner.words if w in text}


def test_guarded_expressions_find_the_same_matches_as_written():
    texts = [compact(fold(t)).text for t in _long_messages(40)]
    guarded = [p for p in PATTERNS if prefilter.guarded(p) != p]
    assert len(guarded) > len(PATTERNS) // 2
    for p in guarded:
        fast, plain = re.compile(prefilter.guarded(p), re.IGNORECASE), _plain(p)
        for t in texts:
            assert [m.span() for m in fast.finditer(t)] == [m.span() for m in plain.finditer(t)], p


def test_a_skipped_expression_never_matches():
    texts = [compact(fold(c.text)).text for c in CORPUS[::3]]
    skipped = 0
    for p in PATTERNS:
        test, need = prefilter.tester(p), prefilter.required_literals(p)
        if test is None or need is None:
            continue
        words = prefilter.requirement_words(prefilter.requirement(p)) | need
        plain = _plain(p)
        for t in texts:
            present = frozenset(w for w in words if w in t)
            if need.isdisjoint(present) or not test(present):
                skipped += 1
                assert not plain.search(t), (p, t)
    assert skipped > len(texts) * len(PATTERNS) // 2  # the prefilter does skip most expressions


def test_guard_reads_first_characters():
    assert prefilter.guarded(r"\b(?:our|my) other") == r"(?=[om])(?:\b(?:our|my) other)"
    assert prefilter.guarded(r"a?b") == r"(?=[ab])(?:a?b)"
    assert prefilter.guarded(r"x*") == r"x*"  # can match empty: no guard
    assert prefilter.guarded(r".abc") == r".abc"  # any character first: no guard
    assert prefilter.guarded("(?:レビュー|評価)") == "(?:レビュー|評価)"  # the engine skips ahead by itself


def test_detector_gates_never_skip_a_match():
    """A detector skipped by its gate (no "at", no mail provider, no domain ending, no digit or number word)
    would have found nothing: the gate is a superset of the detector's own expression."""
    p = detectors._patterns()
    texts = [compact(fold(t)).text for t in [c.text for c in CORPUS] + _long_messages(60)]
    skipped = dict.fromkeys(("at_gate", "provider_gate", "url_gate", "token", "digit"), 0)
    for t in texts:
        if not p["at_gate"].search(t):
            skipped["at_gate"] += 1
            assert not p["email"].search(t) and not p["email_provider"].search(t), t
        if not p["provider_gate"].search(t):
            skipped["provider_gate"] += 1
            assert not p["email_provider"].search(t), t
        if not p["url_gate"].search(t):
            skipped["url_gate"] += 1
            assert not p["url"].search(t), t
        if not p["token"].search(t):
            skipped["token"] += 1
            assert not p["phone"].search(t), t
        if not p["digit"].search(t):
            skipped["digit"] += 1
            assert not detectors._MASKS.search(t), t
    assert all(n > len(CORPUS) // 10 for n in skipped.values()), skipped  # each gate does skip
