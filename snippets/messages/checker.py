"""``check_message``: the findings for one buyer message."""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from snippets.errors import UserError
from snippets.messages import detectors
from snippets.messages.language import LANGUAGES, detect_language, likely_languages
from snippets.messages.normalize import View, compact, fold, is_invisible
from snippets.messages.rules import PLATFORMS, RULES_DIR, Rule, load_rules

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

    def to_dict(self) -> dict:
        return asdict(self)


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _scope(rule: Rule, m: re.Match, text: str, starts: list[int]) -> tuple[int, int]:
    if rule.within == "message":
        return 0, len(text)
    if rule.within == "sentence":
        return _sentence(m, text, starts)
    return max(0, m.start() - rule.within), min(len(text), m.end() + rule.within)


def _lexicon_spans(rule: Rule, lang: str, text: str, starts: list[int]) -> list[tuple[int, int]]:
    spec = rule.match.get(lang)
    if spec is None:
        return []
    anchors = list(spec.all[0].finditer(text))
    if not anchors:
        return []
    others = [list(p.finditer(text)) for p in spec.all[1:]]
    if not all(others):
        return []
    spans, scopes = [], set()
    for anchor in anchors:
        lo, hi = _scope(rule, anchor, text, starts)
        chosen = [anchor]
        for matches in others:
            hit = next((m for m in matches if m.start() >= lo and m.end() <= hi), None)
            if hit is None:
                break
            chosen.append(hit)
        else:
            if any(u.search(text, lo, hi) for u in spec.unless):
                continue
            key = (lo, hi) if rule.within in ("sentence", "message") else anchor.start()
            if key not in scopes:
                scopes.add(key)
                spans.append((min(m.start() for m in chosen), max(m.end() for m in chosen)))
    return spans


def _cooccurrence_spans(rule: Rule, lang: str, text: str, starts: list[int]) -> list[tuple[int, int]]:
    """The span of the last part's first hit, when every part has a hit its own sentence does not excuse."""
    spec = rule.match.get(lang)
    if spec is None or any(u.search(text) for u in spec.unless):
        return []
    hit = None
    for part in spec.each:
        hit = next((m for m in part.any.finditer(text)
                    if not any(u.search(text, *_sentence(m, text, starts)) for u in part.unless)), None)
        if hit is None:
            return []
    return [hit.span()]


def _sentence(m: re.Match, text: str, starts: list[int]) -> tuple[int, int]:
    i = bisect.bisect_right(starts, m.start()) - 1
    return starts[i], starts[i + 1] if i + 1 < len(starts) else len(text)


def _overlaps(a: tuple[int, int], spans) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def _detector_spans(text: str, view: View, platform: str) -> dict[str, list[tuple[int, int]]]:
    """Original-text spans per detector; a phone inside an email or a link is that email or link."""
    def original(span: tuple[int, int]) -> tuple[int, int]:
        return view.original_span(*span)

    def written(start, end) -> str:
        s, e = view.original_span(start, end)
        return text[s:e]

    emails = [original(h) for h in detectors.find_emails(view.text, platform)]
    links = [s for s in (original(h) for h in detectors.find_links(view.text, platform, written))
             if not _overlaps(s, emails)]
    taken = emails + links
    phones = [s for s in (original(h) for h in detectors.find_phones(view.text)) if not _overlaps(s, taken)]
    handles = [s for s in (original(h) for h in detectors.find_handles(view.text)) if not _overlaps(s, taken)]
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
    rules = [r for r in load_rules(rules_dir) if platform in r.platforms]
    # Detectors and lexicon rules read one view: folded, then spaced-out letters joined ("W h a t s A p p").
    view = compact(fold(text))
    langs = [lang] if lang else likely_languages(view.text)
    detected = _detector_spans(text, view, platform)
    first_line = _FIRST_LINE.search(text)
    detected["not_english"] = [first_line.span()] if langs[0] != "en" and first_line else []
    starts = _sentence_starts(view.text)
    findings: list[Finding] = []
    for rule in rules:
        if rule.kind == "detector":
            spans = detected[rule.detector]
        else:
            spans_in = _cooccurrence_spans if rule.kind == "cooccurrence" else _lexicon_spans
            spans = [view.original_span(s, e) for lg in langs if lg in rule.languages
                     for s, e in spans_in(rule, lg, view.text, starts)]
        kept: list[tuple[int, int]] = []
        for s, e in spans:
            if not _overlaps((s, e), kept):
                kept.append((s, e))
                findings.append(Finding(rule.id, rule.category, rule.severity_on(platform), s, e, text[s:e],
                                        rule.message, rule.message_zh, rule.suggestion))
    findings.sort(key=lambda f: (f.start, _SEVERITY_ORDER[f.severity], f.rule))
    return findings


def message_language(text: str, lang: str | None = None) -> str:
    """The language the checker uses for ``text``: ``lang`` if given, else the detected one."""
    return lang if lang not in (None, "auto") else detect_language(fold(text).text)
