"""Scoring the checker against a labelled corpus: precision and recall per category and per language,
and the share of compliant messages it wrongly flags. Used by the corpus test and the benchmark.

A corpus is a folder of YAML files, each a list of ``{text, expect: [categories], lang?, evasion?}``;
``lang`` defaults to the file name (``de.yaml``). Only warning and error findings count: info is advice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from snippets.errors import UserError
from snippets.messages.checker import check_message
from snippets.messages.rules import CATEGORIES

POLICY_CATEGORIES = tuple(c for c in CATEGORIES if c != "formatting")
FLAGGING = ("error", "warning")


@dataclass(frozen=True)
class Case:
    text: str
    lang: str
    expect: frozenset[str]
    evasion: str | None = None
    source: str = ""


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def precision(self, key) -> float:
        hits = self.tp[key] + self.fp[key]
        return self.tp[key] / hits if hits else 1.0

    def recall(self, key) -> float:
        wanted = self.tp[key] + self.fn[key]
        return self.tp[key] / wanted if wanted else 1.0


@dataclass
class Report:
    cases: int
    compliant: int
    compliant_flagged: int
    by_category: Score
    by_language: Score
    misses: list[tuple[Case, set[str]]]

    @property
    def false_flag_share(self) -> float:
        return self.compliant_flagged / self.compliant if self.compliant else 0.0


def load_corpus(folder: Path) -> list[Case]:
    cases = []
    for path in sorted(Path(folder).glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(entries, list):
            raise UserError(f"{path}: expected a list of messages")
        for i, e in enumerate(entries, 1):
            unknown = set(e.get("expect", [])) - set(POLICY_CATEGORIES)
            if not isinstance(e.get("text"), str) or "expect" not in e or unknown:
                raise UserError(f"{path}: message #{i}: needs text and expect (categories; unknown: {unknown})")
            cases.append(Case(e["text"], e.get("lang", path.stem), frozenset(e["expect"]), e.get("evasion"),
                              f"{path.name}#{i}"))
    return cases


def score(cases: list[Case], use_declared_language: bool = False) -> Report:
    """Run the checker over ``cases`` (detecting the language unless ``use_declared_language``)."""
    by_cat, by_lang = Score(), Score()
    compliant = flagged = 0
    misses = []
    for case in cases:
        findings = check_message(case.text, lang=case.lang if use_declared_language else None)
        got = {f.category for f in findings if f.severity in FLAGGING and f.category in POLICY_CATEGORIES}
        if not case.expect:
            compliant += 1
            flagged += any(f.severity in FLAGGING for f in findings)
        for cat in POLICY_CATEGORIES:
            outcome = (cat in got, cat in case.expect)
            counter = {(True, True): "tp", (True, False): "fp", (False, True): "fn"}.get(outcome)
            if counter:
                getattr(by_cat, counter)[cat] += 1
                getattr(by_lang, counter)[case.lang] += 1
        if got != case.expect:
            misses.append((case, got))
    return Report(len(cases), compliant, flagged, by_cat, by_lang, misses)
