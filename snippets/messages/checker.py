"""``check_message``: the findings for one buyer message."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from snippets.errors import UserError
from snippets.messages import context, detectors, prefilter
from snippets.messages.language import LANGUAGES, likely_languages, sentence_language
from snippets.messages.normalize import View, compact, fold, is_invisible
from snippets.messages.rules import PLATFORMS, RULES_DIR, CoMatch, LazyPattern, Rule, load_rules

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_SENTENCE_END = re.compile(r"[.!?…;]+(?=\s|$)|[。！？；\n]")
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u2604\u2607-\u26FF\u2700-\u27BF\u2B50\u2B55]")
_LINE_BREAKS = re.compile(r"(?:\r?\n[ \t]*){3,}")
_HTML = re.compile(r"<\s*/?\s*(?:a|img|div|span|p|br|b|i|u|font|table|tr|td|script|style|iframe|h[1-6]|ul|ol|li"
                   r"|strong|em|center)\b[^<>]*>", re.IGNORECASE)
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f]+")
_FIRST_LINE = re.compile(r"\S[^\n]*")


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    start: int
    end: int
    match: str
    message: str
    message_zh: str
    suggestion: str | None
    # What the text report needs besides the JSON keys; not part of ``to_dict`` (the JSON output is a contract).
    suggestion_zh: str | None = field(default=None, compare=False)
    title: str = field(default="", compare=False)
    title_zh: str = field(default="", compare=False)

    _KEYS = ("rule", "category", "severity", "start", "end", "match", "message", "message_zh", "suggestion")

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self._KEYS}


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _scope(rule: Rule, m: re.Match, text: str, starts: list[int]) -> tuple[int, int]:
    if rule.within == "message":
        return 0, len(text)
    if rule.within == "sentence":
        return _sentence(m, text, starts)
    return max(0, m.start() - rule.within), min(len(text), m.end() + rule.within)  # type: ignore[operator]


def _first_within(matches: list[re.Match], starts: list[int], lo: int, hi: int) -> re.Match | None:
    """The first match inside [lo, hi): a binary search, not a scan of every match (linear time overall)."""
    for k in range(bisect.bisect_left(starts, lo), len(matches)):
        m = matches[k]
        if m.start() >= hi:
            return None
        if m.end() <= hi:
            return m
    return None


class _Scans:
    """What one ``check_message`` call has already found out about its texts, so that nothing is done twice:
    the rule words each text contains (one pass, ``prefilter.Scanner``) and every expression's matches in
    each text. A message in two languages runs the rules of both over the same text, and several rules share
    an expression (the messaging apps in every language): each still runs once."""

    def __init__(self, rules: tuple[Rule, ...], skip: bool, folded: str, pieces: dict[str, list[tuple[int, int]]],
                 langs: frozenset[str]):
        self.index = _index(rules, langs) if skip else None
        self.scanner = self.index.scanner if self.index is not None else None
        # The texts made of sentences of ``folded`` (``_language_plan``): their words are read from the one
        # pass over ``folded``.
        self._folded, self._pieces = folded, pieces
        self._hits: list[tuple[int, str]] | None = None
        self._present: dict[str, frozenset[str]] = {}
        self._possible: dict[tuple[str, str], frozenset[str]] = {}
        self._found: dict[tuple[str, str], list[re.Match]] = {}

    def possible_in(self, text: str, lang: str) -> frozenset[str] | None:
        """The ids of the rules whose expressions in ``lang`` can all match in ``text`` (None: any may)."""
        index = self.index
        if index is None:
            return None
        possible = self._possible.get((text, lang))
        if possible is None:
            present = self._present.get(text)
            if present is None:
                present = self._present[text] = self._words_in(text)
            possible = self._possible[(text, lang)] = index.langs[lang].possible(present)
        return possible

    def possible(self, rule: Rule, lang: str, text: str) -> bool:
        """False when one of the expressions ``rule`` needs in ``lang`` provably cannot match in ``text``."""
        possible = self.possible_in(text, lang)
        return possible is None or rule.id in possible

    def absent(self, pattern: str, text: str) -> bool:
        """True when ``pattern`` provably cannot match in ``text`` (a word each of its matches needs is absent)."""
        if self.scanner is None:
            return False
        need = prefilter.required_literals(pattern)
        if need is None:
            return False
        present = self._present.get(text)
        if present is None:
            present = self._present[text] = self._words_in(text)
        # The quick test (one set of words), then the finer one (what each alternative needs).
        return need.isdisjoint(present) or not prefilter.tester(pattern)(present)

    def _words_in(self, text: str) -> frozenset[str]:
        scanner = self.scanner
        assert scanner is not None
        if not self._pieces or not scanner.newline_free:
            return scanner.present(text)
        # Sentences in other languages too: one scan of the message (positions kept) serves every text.
        pieces = [(0, len(text))] if text is self._folded else self._pieces.get(text)
        if pieces is None:
            return scanner.present(text)
        if self._hits is None:
            self._hits = scanner.hits(self._folded)
        return scanner.present_in(self._hits, pieces)

    def matches(self, p: LazyPattern, text: str) -> list[re.Match]:
        key = (p.pattern, text)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = list(self._pruned(p, text).finditer(text))
        return found

    def _pruned(self, p: LazyPattern, text: str):
        """``p``, or, when it is one alternation some of whose alternatives cannot match in ``text``, the alternation
        of the others (the same matches: ``prefilter.branches``)."""
        if self.index is None:
            return p
        branches = prefilter.branches(p.pattern)
        if branches is None or not prefilter.branch_words(p.pattern) <= self.index.scanner.words:
            return p  # (a scanner that does not look for every word the alternatives' tests read cannot tell)
        present = self._present.get(text)
        if present is None:
            present = self._present[text] = self._words_in(text)
        kept = tuple(i for i, (_, test) in enumerate(branches) if test is None or test(present))  # type: ignore[operator]
        if len(kept) == len(branches) or not kept:
            return p
        return _alternation(p.pattern, kept)


_ALTERNATIONS: dict[tuple[str, tuple[int, ...]], re.Pattern] = {}


def _alternation(pattern: str, kept: tuple[int, ...]) -> re.Pattern:
    """The alternation of the alternatives ``kept`` of ``pattern``, compiled once (up to a few thousand kept)."""
    compiled = _ALTERNATIONS.get((pattern, kept))
    if compiled is None:
        if len(_ALTERNATIONS) > 4000:
            _ALTERNATIONS.clear()
        branches = prefilter.branches(pattern)
        assert branches is not None
        source = "|".join(branches[i][0] for i in kept)
        compiled = _ALTERNATIONS[(pattern, kept)] = re.compile(prefilter.guarded(source), re.IGNORECASE)
    return compiled


class _LangIndex:
    """For one rule set and one language, made once: per rule, what its expressions need (``prefilter``) as one
    compiled test, indexed by the words of its most selective expression, so that a text's words tell at once
    which few rules can match at all; the others are never looked at."""

    def __init__(self, rules: tuple[Rule, ...], lang: str):
        self.words: set[str] = set()
        self.tests: dict[str, Callable[[frozenset[str]], bool]] = {}
        self.by_word: dict[str, list[str]] = {}
        self.always: list[str] = []
        for rule in rules:
            spec = rule.match.get(lang)
            if spec is None:
                continue
            tested = [part.any for part in spec.each] if isinstance(spec, CoMatch) else spec.all
            needs, terms, consts = [], [], []
            for p in tested:
                need = prefilter.required_literals(p.pattern)
                if need is not None:
                    req = prefilter.requirement(p.pattern)
                    self.words |= need | prefilter.requirement_words(req) | prefilter.branch_words(p.pattern)
                    needs.append(need)
                    # What ``_Scans.absent`` tests: one word of the set, then the formula.
                    consts.append(need)
                    terms.append(f"(not C[{len(consts) - 1}].isdisjoint(P))")
                    if req is not None:
                        terms.append(prefilter.test_source(req, consts))
            key = rule.id
            self.tests[key] = prefilter.compile_test(terms, consts)
            if not needs:
                self.always.append(key)
                continue
            # One of the words of its most selective expression must be in the text.
            for w in min(needs, key=len):
                self.by_word.setdefault(w, []).append(key)
        self.anchors = frozenset(self.by_word)

    def possible(self, present: frozenset[str]) -> frozenset[str]:
        """The ids of the rules whose every expression can match in a text holding ``present``."""
        by_word, tests = self.by_word, self.tests
        candidates = set(self.always)
        for w in present & self.anchors:
            candidates.update(by_word[w])
        return frozenset(k for k in candidates if tests[k](present))


class _Index:
    """The scanner of every word the expressions of some languages need, and those languages' indexes."""

    def __init__(self, scanner: prefilter.Scanner, langs: dict[str, _LangIndex]):
        self.scanner, self.langs = scanner, langs


_LANG_INDEXES: dict[tuple[int, str], tuple[tuple[Rule, ...], _LangIndex]] = {}
_INDEXES: dict[tuple[int, frozenset[str]], tuple[tuple[Rule, ...], _Index]] = {}
# Per rule set, the languages its scanner covers, and the scanner: a scanner of more languages' words serves
# fewer languages too, so that it is made again only when a message brings a language it does not cover (at most
# six times), not once per set of languages a message mixes.
_COVERED: dict[int, tuple[tuple[Rule, ...], frozenset[str], prefilter.Scanner]] = {}


def _lang_index(rules: tuple[Rule, ...], lang: str) -> _LangIndex:
    entry = _LANG_INDEXES.get((id(rules), lang))
    if entry is None or entry[0] is not rules:
        entry = _LANG_INDEXES[(id(rules), lang)] = (rules, _LangIndex(rules, lang))
    return entry[1]


def _index(rules: tuple[Rule, ...], langs: frozenset[str]) -> _Index:
    """The index of ``rules`` for ``langs`` (made per language, on first use: a page checking English messages
    never parses the other languages' expressions)."""
    entry = _INDEXES.get((id(rules), langs))
    if entry is None or entry[0] is not rules:
        covered = _COVERED.get(id(rules))
        if covered is None or covered[0] is not rules or not langs <= covered[1]:
            cover = langs | (covered[1] if covered is not None and covered[0] is rules else frozenset())
            words = set().union(*(_lang_index(rules, lg).words for lg in cover))
            covered = _COVERED[id(rules)] = (rules, cover, prefilter.Scanner(words))
        index = _Index(covered[2], {lg: _lang_index(rules, lg) for lg in sorted(langs)})
        entry = _INDEXES[(id(rules), langs)] = (rules, index)
    return entry[1]


def _scanner(rules: tuple[Rule, ...], langs: frozenset[str]) -> prefilter.Scanner:
    """One scanner for the required words of the expressions ``rules`` test in ``langs``."""
    return _index(rules, langs).scanner


def _lexicon_spans(rule: Rule, lang: str, text: str, starts: list[int], scans: _Scans) -> list[tuple[int, int]]:
    spec = rule.match.get(lang)
    if spec is None:
        return []
    if not scans.possible(rule, lang, text):
        return []  # a word every match of one expression needs is not in the text
    anchors = scans.matches(spec.all[0], text)
    if not anchors:
        return []
    others = []
    for p in spec.all[1:]:  # the next expression runs only while each so far has a match
        found = scans.matches(p, text)
        if not found:
            return []
        others.append(found)
    other_starts = [[m.start() for m in ms] for ms in others]
    spans, scopes, excused = [], set(), {}
    for anchor in anchors:
        lo, hi = _scope(rule, anchor, text, starts)
        key = (lo, hi) if rule.within in ("sentence", "message") else anchor.start()
        if key in scopes:
            continue
        chosen = [anchor]
        for matches, mstarts in zip(others, other_starts, strict=True):
            hit = _first_within(matches, mstarts, lo, hi)
            if hit is None:
                break
            chosen.append(hit)
        else:
            if (lo, hi) not in excused:
                excused[(lo, hi)] = any(u.search(text, lo, hi) for u in spec.unless)
            if excused[(lo, hi)]:
                continue
            scopes.add(key)
            spans.append((min(m.start() for m in chosen), max(m.end() for m in chosen)))
    return spans


def _cooccurrence_spans(rule: Rule, lang: str, text: str, starts: list[int], scans: _Scans) -> list[tuple[int, int]]:
    """The span of the last part's first hit, when every part has a hit its own sentence does not excuse."""
    spec = rule.match.get(lang)
    if spec is None or not scans.possible(rule, lang, text):
        return []
    if any(u.search(text) for u in spec.unless):
        return []
    hit = None
    for part in spec.each:
        hit = next((m for m in part.any.finditer(text)
                    if not any(u.search(text, *_sentence_and_before(m, text, starts)) for u in part.unless)), None)
        if hit is None:
            return []
    return [hit.span()]  # type: ignore[union-attr]


def _sentence_and_before(m: re.Match, text: str, starts: list[int]) -> tuple[int, int]:
    """The hit's sentence and the one before it ("The lid was cracked. We've refunded $9.50 for it.")."""
    i = bisect.bisect_right(starts, m.start()) - 1
    return starts[max(0, i - 1)], starts[i + 1] if i + 1 < len(starts) else len(text)


def _sentence(m: re.Match, text: str, starts: list[int]) -> tuple[int, int]:
    i = bisect.bisect_right(starts, m.start()) - 1
    return starts[i], starts[i + 1] if i + 1 < len(starts) else len(text)


class _Intervals:
    """Possibly overlapping spans: "does this span overlap any of them?" in O(log n)."""

    def __init__(self, spans):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = []  # the furthest end among spans starting at or before each position
        furthest = -1
        for _, e in spans:
            furthest = max(furthest, e)
            self.reach.append(furthest)

    def overlaps(self, a: tuple[int, int]) -> bool:
        i = bisect.bisect_left(self.starts, a[1]) - 1  # the last span starting before a ends
        return i >= 0 and self.reach[i] > a[0]


class _Spans:
    """Non-overlapping kept spans, sorted: "does this span overlap one of them?" in O(log n)."""

    def __init__(self, spans=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s in sorted(spans):
            self.add(s)

    def overlaps(self, a: tuple[int, int]) -> bool:
        i = bisect.bisect_left(self.ends, a[0] + 1)  # first kept span ending after a starts
        return i < len(self.starts) and self.starts[i] < a[1]

    def add(self, a: tuple[int, int]) -> None:
        i = bisect.bisect_left(self.starts, a[0])
        self.starts.insert(i, a[0])
        self.ends.insert(i, a[1])


def _detector_spans(text: str, view: View, platform: str) -> dict[str, list[tuple[int, int]]]:
    """Original-text spans per detector; a phone inside an email or a link is that email or link."""
    def original(span: tuple[int, int]) -> tuple[int, int]:
        return view.original_span(*span)

    def written(start, end) -> str:
        s, e = view.original_span(start, end)
        return text[s:e]

    emails = [original(h) for h in detectors.find_emails(view.text, platform)]
    taken = _Intervals(emails)
    links = [s for s in (original(h) for h in detectors.find_links(view.text, platform, written))
             if not taken.overlaps(s)]
    taken = _Intervals(emails + links)
    phones = [s for s in (original(h) for h in detectors.find_phones(view.text)) if not taken.overlaps(s)]
    handles = [s for s in (original(h) for h in detectors.find_handles(view.text)) if not taken.overlaps(s)]
    invisible = [(m.start(), m.end()) for m in re.finditer(r"(?<=\w)[^\w\s]+(?=\w)", text)
                 if all(is_invisible(c) for c in m.group())]
    emoji = [(m.start(), m.end()) for m in _EMOJI.finditer(text)]
    breaks = [(m.start(), m.end()) for m in _LINE_BREAKS.finditer(text)]
    html = [(m.start(), m.end()) for m in _HTML.finditer(text)]
    # Chinese left in a draft: Han characters in a text with no kana (Japanese always has some kana).
    chinese = [] if _KANA.search(text) else [(m.start(), m.end()) for m in _HAN_RUN.finditer(text)]
    return {"email": emails, "url": links, "phone": phones, "handle": handles, "invisible": invisible,
            "emoji": emoji, "line_breaks": breaks, "html": html, "chinese": chinese}


def check_message(text: str, lang: str | None = None, platform: str = "amazon",
                  rules_dir: Path = RULES_DIR) -> list[Finding]:
    """Findings for one buyer message, sorted by position.

    ``lang``: en, de, fr, es, it or ja; None or "auto" detects it. ``platform``: amazon (default, the
    strictest), ebay or walmart. Offsets are code points into ``text`` exactly as given.
    """
    if platform not in PLATFORMS:
        raise UserError(f"unknown platform {platform!r}: use one of {', '.join(PLATFORMS)}")
    if lang in (None, "auto"):
        lang = None
    elif lang not in LANGUAGES:
        raise UserError(f"unknown language {lang!r}: use auto or one of {', '.join(LANGUAGES)}")
    all_rules = load_rules(rules_dir)
    rules = [r for r in all_rules if platform in r.platforms]
    # Detectors and lexicon rules read one view: folded, then spaced-out letters joined ("W h a t s A p p").
    view = compact(fold(text))
    pieces: dict[str, list[tuple[int, int]]] = {}
    plan = _language_plan(view.text, lang, pieces)
    # Rules whose required words are absent need not run; each expression runs at most once per text.
    scans = _Scans(all_rules, prefilter.may_skip(view.text), view.text, pieces, frozenset(e[0] for e in plan))
    detected = _detector_spans(text, view, platform)
    first_line = _FIRST_LINE.search(text)
    detected["not_english"] = [first_line.span()] if plan[0][0] != "en" and first_line else []
    findings: list[Finding] = []
    # Per text, the few rules that can match there (one look-up per word of the text, ``_Index``).
    maybe = [(entry, scans.possible_in(entry[1], entry[0])) for entry in plan]
    for rule in rules:
        if rule.kind == "detector":
            spans = detected[rule.detector]  # type: ignore[index]
        else:
            spans_in = _cooccurrence_spans if rule.kind == "cooccurrence" else _lexicon_spans
            rid = rule.id
            spans = [view.original_span(*to_view(s, e))  # type: ignore[operator]
                     for (lg, seen, starts, to_view), possible in maybe
                     if lg in rule.languages and (possible is None or rid in possible)
                     for s, e in spans_in(rule, lg, seen, starts, scans)]
        kept = _Spans()
        for s, e in spans:
            if not kept.overlaps((s, e)):
                kept.add((s, e))
                findings.append(Finding(rule.id, rule.category, rule.severity_on(platform), s, e, text[s:e],
                                        rule.message, rule.message_zh, rule.suggestion, rule.suggestion_zh,
                                        rule.title, rule.title_zh))
    # Context: negations and mentions lowered to info, product names dropped (snippets/data/messages/context.yaml).
    findings = context.apply(findings, text, [entry[0] for entry in plan], {r.id: r.kind for r in rules})
    findings.sort(key=lambda f: (f.start, _SEVERITY_ORDER[f.severity], f.rule))
    return findings


def _identity(s: int, e: int) -> tuple[int, int]:
    return s, e


def _language_plan(folded: str, lang: str | None,
                   pieces: dict[str, list[tuple[int, int]]] | None = None) -> list[tuple[str, str, list[int], object]]:
    """Which language's rules read which text: the message's language(s) read all of it; sentences clearly in
    another language ("Leave a review and get a gift." inside a German message) are read by that language's
    rules too, joined into a text of their own. Each entry: (language, text, sentence starts, a function
    mapping a span of that text back to ``folded``)."""
    langs = [lang] if lang else likely_languages(folded)
    starts = _sentence_starts(folded)
    plan = [(lg, folded, starts, _identity) for lg in langs]
    bounds = starts + [len(folded)]
    others: dict[str, list[tuple[int, int]]] = {}
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b > a:
            lg = sentence_language(folded[a:b])
            if lg and lg not in langs:
                others.setdefault(lg, []).append((a, b))
    for lg, sentences in others.items():
        # The sentences one after another, each ending in a newline (a sentence end for the rules).
        parts, offsets, origins, pos = [], [], [], 0
        for a, b in sentences:
            parts.append(folded[a:b] + "\n")
            offsets.append(pos)
            origins.append(a)
            pos += b - a + 1
        seen = "".join(parts)

        def to_folded(s: int, e: int, offsets=offsets, origins=origins, sentences=sentences):
            i = bisect.bisect_right(offsets, s) - 1
            a, b = sentences[i]
            return origins[i] + s - offsets[i], min(b, origins[i] + e - offsets[i])

        plan.append((lg, seen, _sentence_starts(seen), to_folded))
        if pieces is not None:
            pieces[seen] = sentences  # which stretches of ``folded`` the text is made of
    return plan  # type: ignore[return-value]


def message_languages(text: str, lang: str | None = None) -> list[str]:
    """The languages whose rules ``check_message`` runs on ``text``: the message's own first (``lang`` if
    given, else the detected one), then any other language a sentence is clearly written in."""
    if lang not in (None, "auto") and lang not in LANGUAGES:
        raise UserError(f"unknown language {lang!r}: use auto or one of {', '.join(LANGUAGES)}")
    return [entry[0] for entry in _language_plan(compact(fold(text)).text, None if lang == "auto" else lang)]


def message_language(text: str, lang: str | None = None) -> str:
    """The language the checker uses for ``text``: ``lang`` if given, else the detected one."""
    return message_languages(text, lang)[0]
