"""The text the detectors read, and the way back to the text the agent wrote.

Disguised contact details rely on characters a reader skips over: full-width forms, zero-width spaces,
Cyrillic letters that look Latin, letters spaced out one by one. ``fold`` builds a normalised copy
(NFKC, lower case, invisible characters dropped, homoglyphs mapped to Latin) and ``compact`` joins
spaced-out single characters; each keeps, for every character it produces, the index of the original
character it came from, so a finding always points into the text exactly as given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from snippets.messages.data import contact_forms

# Not all of these are format characters (Cf): variation selectors, the combining grapheme joiner,
# the keycap mark and the Hangul fillers render as nothing (or nothing useful) too.
_EXTRA_INVISIBLE = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u20e3"} | {
    chr(c) for c in range(0xFE00, 0xFE10)
}


_KEPT_CONTROLS = {"\n", "\r", "\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"}  # line and paragraph breaks


_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def is_invisible(ch: str) -> bool:
    """Format characters, and control characters other than line breaks and tabs (NUL, BEL, ESC... render as
    nothing or break the display: inside an address they would hide it)."""
    cat = unicodedata.category(ch)
    return ch in _EXTRA_INVISIBLE or cat == "Cf" or (cat == "Cc" and ch not in _KEPT_CONTROLS)


@dataclass(frozen=True)
class View:
    """A normalised text. Character ``i`` came from ``original[index[i]:ends[i]]``: dropped invisible
    characters belong to the visible character before them (a keycap "1️⃣" is one digit). None: the same."""

    text: str
    index: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if self.index is None or self.ends is None:
            return start, end
        return self.index[start], self.ends[end - 1]


@cache
def _special_chars() -> re.Pattern:
    chars = set(contact_forms()["confusables"]) | _EXTRA_INVISIBLE
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + r"\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
                      r"\u00ad\u200b-\u200f\u202a-\u202e"
                      r"\u2060-\u206f\ufeff\U000e0000-\U000e007f]")


@cache
def _fold_char(ch: str) -> str:
    if is_invisible(ch):
        return ""
    confusables = contact_forms()["confusables"]
    out = unicodedata.normalize("NFKC", ch).lower()
    return "".join(confusables.get(c, c) for c in out)


def fold(text: str) -> View:
    """NFKC, lower case, no invisible characters, homoglyphs mapped to Latin."""
    if text.isascii() and not _ASCII_CONTROLS.search(text):
        return View(text.lower())
    if unicodedata.is_normalized("NFKC", text) and not _special_chars().search(text):
        lowered = text.lower()
        if len(lowered) == len(text):
            return View(lowered)
    out: list[str] = []
    index: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if folded:
            out.append(folded)
            index.extend([i] * len(folded))
            ends.extend([i + 1] * len(folded))
        elif ends:
            last = index[-1]
            for k in range(len(ends) - 1, -1, -1):
                if index[k] != last:
                    break
                ends[k] = i + 1
    return View("".join(out), tuple(index), tuple(ends))


# Four or more single letters, digits, "@" or "." separated by spaces, dashes, underscores or asterisks
# ("w w w . s h o p . c o m", "j-o-h-n"), or four or more single letters joined by dots ("w.h.a.t.s").
# Only Latin and digits: Japanese has no spaces to collapse.
_SPACED = re.compile(r"(?<![a-z0-9])[a-z0-9@.](?:[ _*\-]{1,3}[a-z0-9@.]){3,}(?![a-z0-9])"
                     r"|(?<![a-z0-9.])[a-z](?:\.[a-z]){3,}(?![a-z0-9])")  # "w.h.a.t.s.a.p.p"
_SEPARATOR = re.compile(r"[ _*\-]+")
_ONE_LETTER_WORDS = set("aeiouy")


def _ends_with_tld(joined: str) -> bool:
    head, dot, tld = joined.rpartition(".")
    return bool(head and dot) and tld in contact_forms()["tlds"]


def compact(view: View) -> View:
    """Join spaced-out single characters, keeping the way back to the original text."""
    runs = list(_SPACED.finditer(view.text))
    if not runs:
        return view
    starts = view.index if view.index is not None else range(len(view.text))
    stops = view.ends if view.ends is not None else range(1, len(view.text) + 1)
    out: list[str] = []
    index: list[int] = []
    ends: list[int] = []
    pos = 0
    for run in runs:
        begin = run.start()
        # "escriba a j u a n @ ...": a one-letter word before the spaced letters is not part of them
        if view.text[begin] in _ONE_LETTER_WORDS and view.text[begin + 1] == " " and (
                begin == 0 or not view.text[begin - 1].isalnum()):
            begin += 2
        end = run.end()
        # "... c o m y le responderemos", "6 1 2 - 3 4 5 y lo resolvemos": a one-letter word after an address
        # ending in a domain, or after spaced digits, is not part of them
        joined = _SEPARATOR.sub("", view.text[begin:end])
        if joined[-1] in _ONE_LETTER_WORDS and (joined[:-1].isdigit() or (
                _ends_with_tld(joined[:-1]) and not _ends_with_tld(joined))):
            end = begin + len(view.text[begin:end - 1].rstrip(" _*-"))
        out.append(view.text[pos:begin])
        index.extend(starts[pos:begin])
        ends.extend(stops[pos:begin])
        dotted = "." in view.text[begin:end] and not re.search(r"[ _*\-]", view.text[begin:end])
        for j in range(begin, end):
            if not (_SEPARATOR.fullmatch(view.text[j]) or (dotted and view.text[j] == ".")):
                out.append(view.text[j])
                index.append(starts[j])
                ends.append(stops[j])
        pos = end
    out.append(view.text[pos:])
    index.extend(starts[pos:])
    ends.extend(stops[pos:])
    return View("".join(out), tuple(index), tuple(ends))
