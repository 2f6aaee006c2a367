"""Filling a template: the format each kind of placeholder value must have, per buyer language.

A placeholder in ``snippets/data/template_placeholders.yaml`` names one of the formats below. A value that
breaks its format is a :class:`TemplateError` (exit 2 on the command line) naming the placeholder and the
format expected, so an agent cannot send "order 12345" or "14/03" to a buyer who reads dates differently.

Locales: ``en`` is written for Amazon.com buyers (en-US: "March 14", "$24.99"); the other languages follow
their main Amazon marketplace (de-DE, fr-FR, es-ES, it-IT, ja-JP). French text uses a no-break space
(U+00A0) before ``: ; ? !``, inside « », and between an amount and "€"; values are given the same spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from snippets.errors import UserError
from snippets.markets import BUYER_LANGUAGES

LANGS = BUYER_LANGUAGES  # the languages a reply template is written in
NBSP = "\u00a0"
_SPACE = "[ \u00a0\u202f]"  # what an agent may type between a number and its currency


class TemplateError(UserError):
    """A template or placeholder file is broken, or a template cannot be filled."""


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
_WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
}


def _alt(words: str) -> str:
    return "(?:" + "|".join(words.split()) + ")"


_DAY = r"(?:[1-9]|[12]\d|3[01])"
_YEAR = r"20\d\d"
_DATES = {
    "en": (rf"(?:{_alt(_WEEKDAYS['en'])}, )?{_alt(_MONTHS['en'])} {_DAY}(?:, {_YEAR})?",
           "the US way, e.g. \"March 14\", \"Friday, March 14\" or \"March 14, 2027\""),
    "de": (rf"(?:{_alt(_WEEKDAYS['de'])}, )?{_DAY}\. {_alt(_MONTHS['de'])}(?: {_YEAR})?",
           "e.g. \"14. März\", \"Freitag, 14. März\" or \"14. März 2027\""),
    "fr": (rf"(?:{_alt(_WEEKDAYS['fr'])} )?(?:1er|{_DAY}) {_alt(_MONTHS['fr'])}(?: {_YEAR})?",
           "e.g. \"14 mars\", \"vendredi 14 mars\", \"1er avril\" or \"14 mars 2027\" (lower case)"),
    "es": (rf"(?:{_alt(_WEEKDAYS['es'])} )?{_DAY} de {_alt(_MONTHS['es'])}(?: de {_YEAR})?",
           "e.g. \"14 de marzo\", \"viernes 14 de marzo\" or \"14 de marzo de 2027\" (lower case)"),
    # no weekday in Italian: the texts say "il {date}", and "il venerdì 14 marzo" would read as "on Fridays"
    "it": (rf"{_DAY} {_alt(_MONTHS['it'])}(?: {_YEAR})?",
           "e.g. \"14 marzo\" or \"14 marzo 2027\" (lower case, no weekday: the text puts \"il\" before it)"),
    "ja": (rf"(?:{_YEAR}年)?(?:[1-9]|1[0-2])月{_DAY}日(?:（[月火水木金土日]）)?",
           "e.g. \"3月14日\", \"3月14日（金）\" or \"2027年3月14日\""),
}
_EURO = rf"(?:\d{{1,3}}(?:[.\u00a0\u202f ]\d{{3}})*|\d+),\d{{2}}{_SPACE}€"
_MONEY = {
    "en": (r"\$(?:\d{1,3}(?:,\d{3})*|\d+)\.\d{2}", "US dollars, e.g. \"$24.99\" or \"$1,299.00\""),
    "de": (_EURO, "e.g. \"24,99 €\" or \"1.299,00 €\""),
    "fr": (_EURO, "e.g. \"24,99 €\" or \"1 299,00 €\""),
    "es": (_EURO, "e.g. \"24,99 €\" or \"1299,00 €\""),
    "it": (rf"{_EURO}|€{_SPACE}?(?:\d{{1,3}}(?:\.\d{{3}})*|\d+),\d{{2}}", "e.g. \"24,99 €\" or \"1.299,00 €\""),
    "ja": (r"(?:\d{1,3}(?:,\d{3})*|\d+)円|[￥¥](?:\d{1,3}(?:,\d{3})*|\d+)", "e.g. \"2,980円\" or \"￥2,980\""),
}


@dataclass(frozen=True)
class Format:
    """One kind of value. ``pattern`` maps a language to (regex, description); None accepts any one line."""

    name: str
    summary: str
    patterns: dict[str, tuple[str, str]] | None = None
    multiline: bool = False
    max_chars: int = 200

    def expected(self, lang: str) -> str:
        if self.patterns is None:
            return self.summary
        return f"{self.summary}, {self.patterns[lang][1]}"

    def accepts(self, lang: str, value: str) -> bool:
        if len(value) > self.max_chars or (not self.multiline and "\n" in value):
            return False
        if self.patterns is None:
            return True
        return re.fullmatch(self.patterns[lang][0], value) is not None


def _same(regex: str, description: str) -> dict[str, tuple[str, str]]:
    return {lang: (regex, description) for lang in LANGS}


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("order_id", "an Amazon order ID",
           _same(r"\d{3}-\d{7}-\d{7}", "17 digits written 3-7-7, e.g. 113-4567890-1234567")),
    Format("tracking_number", "the carrier's tracking number",
           _same(r"(?=(?:[^0-9]*[0-9]){6})[A-Za-z0-9][A-Za-z0-9 -]{4,38}[A-Za-z0-9]",
                 "6 to 40 letters and digits as the carrier prints them (spaces and hyphens allowed), "
                 "at least 6 digits, e.g. 1Z999AA10123456784")),
    Format("money", "an amount with its currency, written the buyer's way", _MONEY),
    Format("date", "a date written the buyer's way", _DATES),
    Format("percent", "a percentage", _same(r"\d{1,3}(?:\.\d{1,2})?%", "e.g. 1.8% or 12%")),
    Format("asin", "an ASIN", _same(r"B0[0-9A-Z]{8}|\d{9}[\dX]", "10 characters, e.g. B0C1234567")),
    Format("line", "one line of text (a name, a product, a carrier)", max_chars=160),
    Format("text", "free text written by the agent, in the buyer's language (checked on its own too)",
           multiline=True, max_chars=2000),
)}


def french_spaces(s: str) -> str:
    """A no-break space (U+00A0) before ``: ; ? !`` and ``»`` and after ``«``, as French typesetting wants."""
    s = re.sub(r"[ \u202f]+(?=[:;?!»])", NBSP, s)
    s = re.sub(r"(?<=[^\s?!;:«])(?=[;?!»])", NBSP, s)  # "Merci!" -> "Merci !"; "?!" stays together
    s = re.sub(r"(?<=\S):(?=\s|$)", NBSP + ":", s)
    s = re.sub(r"«[ \u202f]*", "«" + NBSP, s)
    return s


# Characters a value must not carry into a message to a buyer: controls a terminal acts on (ESC sequences,
# BEL), the bidi controls that reorder what the buyer sees (U+202A..U+202E, U+2066..U+2069: "Trojan Source"),
# and the zero-width characters that hide words from the marketplace's filters. Line breaks only where the
# placeholder takes several lines.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_value(name: str, fmt: Format, lang: str, value: str) -> str:
    """``value`` checked against its format, trimmed, and with French spacing in French; or TemplateError."""
    value = str(value).strip().replace("\r\n", "\n")
    hidden = _HIDDEN.search(value)
    if hidden:
        raise TemplateError(f"{{{name}}} holds an invisible or control character (U+{ord(hidden.group()):04X} at "
                            f"character {hidden.start() + 1}); a buyer would see something else than you typed, and "
                            "marketplaces treat hidden text as masking. Retype the value, or paste it as plain text.")
    if "\n" in value and fmt.multiline:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
    if not fmt.accepts(lang, value):
        shown = value if len(value) <= 60 else value[:59] + "…"
        raise TemplateError(f"{{{name}}} = {shown!r} is not {fmt.expected(lang)}"
                            + (f" (at most {fmt.max_chars} characters)" if len(value) > fmt.max_chars else ""))
    if lang == "fr":
        value = french_spaces(value)
        if fmt.name == "money":
            value = re.sub(r"[ \u202f]", NBSP, value)
    return value
