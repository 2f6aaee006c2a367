"""Detectors for contact details and links, in any language and in their disguised forms.

Each reads the normalised view (see ``normalize``) and returns (start, end) spans in that view. Order numbers,
tracking numbers, ASINs, SKUs, dates, times and prices are masked before phone numbers are sought,
because they are made of the same digits.
"""

from __future__ import annotations

import re
from functools import cache

from snippets.messages.data import contact_forms

Span = tuple[int, int]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


GATED = True  # False: every detector runs its expressions (the reference of tests/messages/test_check_fast_path.py)
_PROVIDERS = ['gmail', 'googlemail', 'yahoo', 'hotmail', 'outlook', 'gmx', 'icloud', 'qq', 'aol', 'protonmail']


@cache
def _patterns() -> dict[str, re.Pattern]:
    cf = contact_forms()
    latin_at = [w for w in cf["at_words"] if w.isascii() or w == "ät"]
    cjk_at = [w for w in cf["at_words"] if w not in latin_at]
    latin_dot = [w for w in cf["dot_words"] if w.isascii()]
    cjk_dot = [w for w in cf["dot_words"] if not w.isascii()]
    glyphs = "".join(re.escape(g) for g in cf["dot_glyphs"])
    tld = _alt(cf["tlds"])
    label = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    at = (rf"(?:\s*@\s*|\s*[\[({{<\"'【]\s*(?:{_alt(latin_at)}|{_alt(cjk_at)}|@)\s*[\])}}>\"'】]\s*"
          rf"|\s+(?:{_alt(latin_at)})\s+|\s*(?:{_alt(cjk_at)})\s*)")
    # Inside an email (after the "@") any spelled dot is structural.
    dot_in_email = (rf"(?:\s?\.\s?|\s*[\[({{<【]\s*(?:{_alt(latin_dot)}|{_alt(cjk_dot)}|\.)\s*[\])}}>】]\s*"
                    rf"|\s+(?:{_alt(latin_dot)})\s+|\s*(?:{_alt(cjk_dot)})\s*|[{glyphs}])")
    # In a bare domain, "punto"/"point"/"Punkt" are everyday words ("el punto es", "le point de vue"):
    # spelled dots count only in brackets, as "dot", or before com/net/org.
    # A space before the dot ("sillas-ramos . es", "lampade-roma .it") is no sentence end: any ending counts.
    dot_in_host = (rf"(?:\s?\.\s?(?=(?:com|net|org)(?![a-z0-9]))|\s\.\s?(?=(?:{tld})(?![a-z0-9]))|\.|\s*[\[({{<【]\s*(?:{_alt(latin_dot)}|{_alt(cjk_dot)}|\.)\s*[\])}}>】]\s*"
                   rf"|\s+d[o0]t\s+|\s+(?:punkt|point|punto|ponto)\s+(?=(?:com|net|org)(?![a-z]))"
                   rf"|\s*(?:ドット|どっと)\s*|(?<=[a-z0-9])[{glyphs}点點](?=[a-z0-9]))")
    host = rf"{label}(?:{dot_in_host}{label}){{0,4}}{dot_in_host}(?:{tld})(?![a-z0-9-])"
    path = r"(?:[/?#][^\s<>\"'()\[\]{}]*)?"
    digits = sorted({w for ws in cf["number_words"].values() for w in ws}, key=len, reverse=True)
    latin_num = _alt([w for w in digits if w.isascii() or w[0] in "zf"])
    cjk_num = _alt([w for w in digits if not (w.isascii() or w[0] in "zf")])
    kana = _alt({w for ws in cf["number_kana"].values() for w in ws})
    token = rf"(?:\d|(?<![a-zà-ÿ])(?:{latin_num})(?![a-zà-ÿ])|{cjk_num}|{kana})"
    return {
        "email": re.compile(
            rf"(?<![a-z0-9._%+-])(?P<local>[a-z0-9][a-z0-9._%+-]{{0,63}}"
            rf"(?:(?:\s+d[o0]t\s+|\s*[\[(]\s*d[o0]t\s*[\])]\s*)[a-z0-9_%+-]+){{0,3}})(?P<at>{at})"
            rf"(?P<domain>{label}(?:{dot_in_email}{label}){{0,4}}){dot_in_email}(?:{tld})(?![a-z0-9-])"),
        # A known mail provider without its domain ending: "jd at gmail", "john@gmail".
        "email_provider": re.compile(
            rf"(?<![a-z0-9._%+-])(?P<local>[a-z0-9][a-z0-9._%+-]{{0,63}})(?P<at>{at})"
            rf"(?P<domain>{_alt(_PROVIDERS)})"
            rf"(?![a-z0-9-]|\.[a-z0-9])"),
        "url": re.compile(
            rf"(?:h(?:tt|xx)ps?|ftp)\s?[:：]\s?/\s?/\s?[^\s<>\"']+"
            rf"|(?<![a-z0-9@._-])(?:www\d?(?:\s?\.\s?|{dot_in_host}))?{host}{path}"
            # a known shortener counts whatever its ending ("rb.gy/abc": .gy is no common domain ending)
            rf"|(?<![a-z0-9@._-])(?:{_alt(cf['shorteners'])})(?![a-z0-9-]){path}"
            # "gartenwelt24 punkt de": a spelled dot after a name no word looks like (digits, hyphens)
            rf"|(?<![a-z0-9@._-])[a-z0-9]{{0,30}}[0-9-][a-z0-9-]{{0,30}}\s+(?:punkt|point|punto|ponto)\s+(?:{tld})"
            rf"(?![a-z0-9-])"),
        "phone": re.compile(rf"(?:(?:\+|00)\s?)?\(?{token}(?:(?:[\s().\-/・,–]{{0,3}}|の){token}){{6,}}"),
        "number_word": re.compile(rf"(?<![a-zà-ÿ])(?:{latin_num})(?![a-zà-ÿ])|{cjk_num}"),
        "number_kana": re.compile(kana),
        "handle": re.compile(r"(?<![\w.@])@[a-z_][a-z0-9_.]{2,29}(?<!\.)"),
        "phone_context": re.compile(rf"(?<![a-z])(?:{_alt(cf['phone_context'])})"),
        "id_context": re.compile(rf"(?<![a-z])(?:{_alt(cf['identifier_context'])})"),
        "marketplaces": {  # type: ignore[dict-item]
            platform: re.compile(rf"(?:[a-z0-9-]+\.)*(?:{'|'.join(pats)})\.?")
            for platform, pats in cf["marketplace_domains"].items()
        },
        "host_of": re.compile(r"^(?:h(?:tt|xx)ps?|ftp)\s?[:：]\s?/\s?/\s?([^/?#\s]+)|^([^/?#]+)"),
        # Gates (issue 13, speed): what every match of a detector contains, found in one cheap pass; a text
        # without it skips the detector. Each is a superset of its detector (tests/messages/test_check_fast_path.py).
        # Emails: an "@", a CJK at-word, or a Latin one between spaces or brackets (the ``at`` part).
        "at_gate": re.compile(rf"@|{_alt(cjk_at)}|(?<![^\s\[({{<\"'【])(?:{_alt(latin_at)})(?![^\s\])}}>\"'】])"),
        "provider_gate": re.compile(_alt(_PROVIDERS)),
        # Links: a scheme, a shortener, or a domain ending after one of the forms of a dot a host accepts.
        "url_gate": re.compile(
            rf"(?:h(?:tt|xx)ps?|ftp)\s?[:：]|(?:{_alt(cf['shorteners'])})(?![a-z0-9-])"
            rf"|(?:\.|\s\.\s?|\.\s?(?=(?:com|net|org)(?![a-z0-9]))|[\])}}>】]\s*|d[o0]t\s*"
            rf"|(?:punkt|point|punto|ponto)\s+|(?:ドット|どっと)\s*|[{glyphs}点點])(?:{tld})(?![a-z0-9-])"),
        # Phones: a digit, a number word or a number kana (the ``token`` a phone is seven of).
        "token": re.compile(token),
        "digit": re.compile(r"\d"),
    }


# Things made of digits that are not phone numbers; masked before the phone search.
_MASKS = re.compile(
    r"\d{3}-\d{7}-\d{7}"                                    # Amazon order id
    r"|\d{2}-\d{5}-\d{5}"                                   # eBay order number
    r"|1z[0-9a-z]{16}|tba\d{9,12}|(?<!\d)9[2-5]\d{18,24}"   # UPS, Amazon Logistics, USPS
    r"|b0[0-9a-z]{8}"                                       # ASIN
    r"|\d{4}\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}日?"     # 2026-11-22, 2026年11月22日
    r"|(?<![\d./-])\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?![\d]|[./-]\d)"  # 22.11.2026, 11/22/26
    r"|\d{1,2}月\d{1,2}日|(?<!\d)\d{1,2}\s?[:h]\s?\d{2}(?::\d{2})?(?!\d)"   # dates, times
    r"|[$€£¥￥]\s?\d[\d.,]{0,15}|(?<![\d.,])\d[\d.,]{0,15}\s?(?:€|eur|usd|gbp|jpy|円|yen|dollars?|euros?)"  # prices
    r"|(?<![a-z0-9])(?=[a-z0-9_/-]{0,40}[a-z])(?=[a-z0-9_/-]{0,40}\d)[a-z0-9][a-z0-9_/-]{3,}"  # SKU, lot
)


def _masked(text: str) -> str:
    if GATED and not _patterns()["digit"].search(text):
        return text  # every mask holds a digit
    return _MASKS.sub(lambda m: "#" * (m.end() - m.start()), text)


def find_emails(text: str, platform: str) -> list[Span]:
    p = _patterns()
    hits: list[Span] = []
    if GATED and not p["at_gate"].search(text):
        return hits  # no "at" part: no email of either form
    pos = 0
    while m := p["email"].search(text, pos):
        pos = m.end()
        at = m.group("at")
        domain = re.sub(r"[^a-z0-9-]+", ".", text[m.start("domain"):m.end()])
        if "@" not in at and not re.search(r"[\[({<【]", at) and not _is_mail_like(m, domain):
            # "find it at partsdepot.com" is a link, "arrives at amazon.de" is prose: a bare spelled "at"
            # makes an email only with a mail provider or a spelled-out dot ("john at gmail dot com").
            pos = m.end("at")
            continue
        if _is_marketplace(domain, platform, text[m.start():m.end()]):
            continue  # the marketplace's own addresses (its relay aliases, its notifications)
        hits.append((m.start(), m.end()))
    if GATED and not p["provider_gate"].search(text):
        return sorted(hits)
    for m in p["email_provider"].finditer(text):
        if m.group("local") in _NOT_A_LOCAL_PART or any(s <= m.start() < e for s, e in hits):
            continue
        # With a spelled "at" and no domain ending, only an address-like name or the end of a phrase counts:
        # "jd at gmail." yes, "we ship at gmail speed" no.
        if ("@" in m.group("at") or re.search(r"[\d._]", m.group("local"))
                or re.match(r"\s*(?:$|[.,;:!?)\]])", text[m.end():])):
            hits.append((m.start(), m.end()))
    return sorted(hits)


def _is_mail_like(m: re.Match, domain: str) -> bool:
    if m.group("local") in _NOT_A_LOCAL_PART or domain.startswith("www."):
        return False
    spelled_dot = re.search(r"[^a-z0-9.-]", m.string[m.start("domain"):m.end()].replace(" . ", "."))
    return bool(spelled_dot) or domain.split(".")[0] in contact_forms()["mail_providers"]


_NOT_A_LOCAL_PART = {"us", "me", "you", "him", "her", "them", "it", "available", "buy", "bought", "order",
                     "ordered", "shop", "visit", "find", "found", "look", "arrive", "arrives", "arrived",
                     "reach", "sale", "sold", "here", "there", "is", "are", "was", "be", "purchase",
                     "purchased", "listed", "sells", "sell", "store", "stock", "online", "only", "page",
                     "item", "product", "review", "reviews", "orders", "sent", "delivered", "guide", "guides",
                     "video", "videos", "manual", "manuals", "instructions", "tutorial", "tutorials", "photos"}


def _is_marketplace(host: str, platform: str, original: str) -> bool:
    pattern = _patterns()["marketplaces"].get(platform)  # type: ignore[attr-defined]
    return bool(pattern and pattern.fullmatch(host)) and original.isascii()


def find_links(text: str, platform: str, original_of) -> list[Span]:
    """URLs and bare domains outside the marketplace; ``original_of(start, end)`` gives the text as
    written, so that a look-alike of the marketplace's domain (Cyrillic "а" in "аmazon") is not allowed."""
    p = _patterns()
    hits: list[Span] = []
    if GATED and not p["url_gate"].search(text):
        return hits
    for m in p["url"].finditer(text):
        raw = m.group(0).rstrip(".,;:!?)")
        hm = p["host_of"].match(raw)
        host = re.sub(r"[^a-z0-9-]+", ".", hm.group(1) or hm.group(2)).strip(".")  # type: ignore[union-attr]
        if _is_marketplace(host, platform, original_of(m.start(), m.start() + len(raw))):
            continue
        hits.append((m.start(), m.start() + len(raw)))
    return hits


def find_phones(text: str) -> list[Span]:
    p = _patterns()
    hits: list[Span] = []
    if GATED and not p["token"].search(text):
        return hits  # no digit, number word or number kana
    masked = _masked(text)
    for m in p["phone"].finditer(masked):
        run = m.group(0).rstrip(" ,.-/(")
        start, end = m.start(), m.start() + len(run)
        words = len(p["number_word"].findall(run))
        kana = len(p["number_kana"].findall(p["number_word"].sub("", run)))
        digits = len(re.findall(r"\d", run)) + words + kana
        if digits < 7 or digits > 15 or (kana and words < 4):
            continue
        before = masked[max(0, start - 40):start]
        near_phone = p["phone_context"].search(before)
        near_id = p["id_context"].search(before)
        international = run.startswith("+") or (run.startswith("00") and digits >= 10)
        grouped = bool(re.search(r"\d[\s().\-/・]+\d", run))
        if near_id and not (near_phone and near_phone.start() > near_id.start()):
            continue
        if (near_phone or words >= 4 or international
                or (run.lstrip("(").startswith("0") and 9 <= digits <= 11)
                or (grouped and 9 <= digits <= 11)):
            hits.append((start, end))
    return hits


def find_handles(text: str) -> list[Span]:
    return [(m.start(), m.end()) for m in _patterns()["handle"].finditer(text)]
