"""Mutation tests: every disguise applied to every seed contact is still caught, with the reported span
inside the disguised text; the same disguises applied to order numbers and the like raise nothing."""

from __future__ import annotations

import itertools

import pytest

from snippets.messages import check_message

ZW = "\u200b"
CYRILLIC = str.maketrans({"a": "а", "o": "о", "e": "е", "p": "р", "c": "с"})


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def zero_width(s: str) -> str:
    return ZW.join(s[i:i + 3] for i in range(0, len(s), 3))


def spaced(s: str) -> str:
    return " ".join(s)


SPELLED = {  # language: (at, dot)
    "en": (" at ", " dot "), "de": (" (at) ", " (punkt) "), "fr": (" arobase ", " point "),
    "es": (" arroba ", " punto "), "it": (" chiocciola ", " punto "), "ja": (" アットマーク ", " ドット "),
}
FRAMES = {
    "en": "Hello, for help write to {} and we will answer.",
    "de": "Hallo, schreiben Sie uns an {} und wir antworten.",
    "fr": "Bonjour, écrivez-nous à {} et nous répondrons.",
    "es": "Hola, escríbanos a {} y le responderemos.",
    "it": "Salve, ci scriva a {} e le risponderemo.",
    "ja": "お問い合わせは {} までお願いします。",
}
EMAILS = [("anna.berg", "gmail.com"), ("service", "haushalt-profi.de"), ("tanaka", "yahoo.co.jp")]


def email_variants():
    for (local, domain), lang in itertools.product(EMAILS, FRAMES):
        at, dot = SPELLED[lang]
        yield lang, "plain", f"{local}@{domain}"
        yield lang, "fullwidth", fullwidth(f"{local}@{domain}")
        yield lang, "zero_width", zero_width(f"{local}@{domain}")
        yield lang, "spelled", local + at + domain.replace(".", dot)
        yield lang, "brackets", f"{local}[at]{domain.replace('.', '[dot]')}"
        yield lang, "homoglyph", f"{local}@{domain.translate(CYRILLIC)}"
        if len(local) + len(domain) < 20:
            yield lang, "spaced", spaced(f"{local}@{domain}")


PHONES = {
    "en": ["+1 415 555 0199", "(415) 555-0199", "415.555.0199", "+1-415-555-0199",
           "four one five five five five zero one nine nine"],
    "de": ["+49 30 12345678", "030 / 1234 5678", "0049 (0)30-1234-5678", "null drei null eins zwei drei vier fünf sechs"],
    "fr": ["06 12 34 56 78", "+33 6 12 34 56 78", "06.12.34.56.78", "zéro six un deux trois quatre cinq six sept huit"],
    "es": ["+34 612 345 678", "612 345 678", "seis uno dos tres cuatro cinco seis siete ocho"],
    "it": ["+39 333 123 4567", "333 123 4567", "tre tre tre uno due tre quattro cinque sei sette"],
    "ja": ["090-1234-5678", "03-1234-5678", "+81 90 1234 5678", "〇九〇一二三四五六七八", "ゼロきゅうゼロいちにさんよんごろくななはち"],
}


def phone_variants():
    for lang, phones in PHONES.items():
        for phone in phones:
            yield lang, "as written", phone
            if phone.isascii() and any(c.isdigit() for c in phone):
                yield lang, "fullwidth", fullwidth(phone)


URLS = ["myshop-example.com/help", "gadget-nest.de/anleitung", "kirei-shop.jp"]


def url_variants():
    for url in URLS:
        host, _, path = url.partition("/")
        yield "https", f"https://{url}"
        yield "hxxp", f"hxxp://{url}"
        yield "www", f"www.{url}"
        yield "no scheme", url
        yield "fullwidth", fullwidth(url)
        yield "homoglyph", host.translate(CYRILLIC) + ("/" + path if path else "")
        yield "spelled dot", host.replace(".", " (dot) ")
        yield "spaced", spaced(host)


def _assert_found(text: str, inserted: str, category: str):
    start = text.index(inserted)
    found = [f for f in check_message(text) if f.category == category]
    assert found, (text, [(f.rule, f.match) for f in check_message(text)])
    for f in found:
        assert text[f.start:f.end] == f.match
    assert any(start <= f.start and f.end <= start + len(inserted) for f in found), [f.match for f in found]


@pytest.mark.parametrize(("lang", "how", "email"), list(email_variants()))
def test_disguised_emails(lang, how, email):
    _assert_found(FRAMES[lang].format(email), email, "external_contact")


@pytest.mark.parametrize(("lang", "how", "phone"), list(phone_variants()))
def test_disguised_phones(lang, how, phone):
    frame = {"ja": "お電話は {} までどうぞ。"}.get(lang, "Tel. {}")
    _assert_found(frame.format(phone), phone, "external_contact")


@pytest.mark.parametrize(("how", "url"), list(url_variants()))
def test_disguised_links(how, url):
    _assert_found(f"More information: {url} (manuals and videos).", url, "external_link")


NOT_CONTACTS = ["113-1234567-1234567", "1Z999AA10123456784", "TBA123456789012", "9400111899223857461234",
                "B08N5WRWNW", "SKU HX-2291-BLK", "LOT 20260914", "SN 4711-2026-0098", "2026-11-22 14:30", "$1,299.00"]


@pytest.mark.parametrize(("identifier", "how"), list(itertools.product(NOT_CONTACTS, ["plain", "fullwidth"])))
def test_identifiers_stay_clean_under_the_same_disguises(identifier, how):
    shown = fullwidth(identifier) if how == "fullwidth" else identifier
    text = f"Order details: {shown}. Thank you for your patience."
    assert [(f.rule, f.match) for f in check_message(text) if f.category != "formatting"] == []
