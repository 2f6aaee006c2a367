"""Context after matching: a finding needs the seller to ask, offer or direct, not a negation, a mention or a name.

The data and its examples are in ``snippets/data/messages/context.yaml`` (read once). ``apply`` takes the
findings of one message and returns them with negated and mention-only findings lowered to info and
product or collection names dropped. It reads the original text, one clause or sentence around each finding.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from snippets.datafiles import load_yaml
from snippets.errors import UserError

CONTEXT_FILE = Path(__file__).resolve().parent.parent / "data" / "messages" / "context.yaml"
_SENTENCE = re.compile(r"[.!?…]+(?=\s|$)|[。！？\n]")
_CLAUSE = re.compile(r"[.!?…]+(?=\s|$)|[。！？\n;；:：,，、]|\s(?:but|aber|mais|pero|ma|sondern)\s", re.IGNORECASE)
_AFTER_LANGS = ("de", "ja")  # the negation may follow what it negates
_NOUN_CAPITALS = ("de",)


@dataclass(frozen=True)
class Mention:
    rules: frozenset[str]
    cues: dict
    asks: dict


@dataclass(frozen=True)
class Context:
    except_rules: frozenset[str]
    cues: dict
    not_cues: dict
    mentions: tuple[Mention, ...]
    name_rules: frozenset[str]
    quotes: str
    title_case_languages: tuple[str, ...]
    nouns_after: dict
    nouns_before: dict
    raw: dict
    governed: dict = field(default_factory=dict)


def _fail(path: Path, where: str, problem: str):
    raise UserError(f"invalid checker context file {path}: {where}: {problem}")


def _per_lang(path: Path, where: str, value: dict) -> dict[str, re.Pattern]:
    """One pattern per language; the shape is the schema's (context.schema.yaml), whether they compile is not."""
    out = {}
    for lang, pats in value.items():
        try:
            out[lang] = re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE)
        except re.error as err:
            _fail(path, f"{where}.{lang}", f"bad regular expression: {err}")
    return out


@cache
def load_context(path: Path = CONTEXT_FILE, validate: bool | None = None) -> Context:
    """The context rules of ``path``. ``validate`` (default: for any file but the built-in one) checks the file
    against context.schema.yaml; validating costs about 0.1 s (importing jsonschema), so the built-in file is
    validated by the tests (tests/messages/test_message_context.py), not by every ``check``."""
    raw = load_yaml(path, "context", validate=path != CONTEXT_FILE if validate is None else validate)
    neg, names = raw["negation"], raw["names"]
    mentions = tuple(Mention(frozenset(m["rules"]), _per_lang(path, f"mentions[{i}].cues", m["cues"]),
                             _per_lang(path, f"mentions[{i}].asks", m["asks"]))
                     for i, m in enumerate(raw["mentions"]))
    return Context(frozenset(neg.get("except_rules") or ()), _per_lang(path, "negation.cues", neg["cues"]),
                   _per_lang(path, "negation.not_cues", neg["not_cues"]), mentions, frozenset(names["rules"]),
                   "".join(names["quotes"]), tuple(names["title_case_languages"]),
                   _nouns(names.get("nouns_after") or {}, after=True),
                   _nouns(names.get("nouns_before") or {}, after=False), raw,
                   _per_lang(path, "negation.governed", neg["governed"]) if neg.get("governed") else {})


def _nouns(per_lang: dict, after: bool) -> dict[str, re.Pattern]:
    out = {}
    for lang, words in per_lang.items():
        alt = "|".join(re.escape(w) for w in words)
        if lang == "ja":
            out[lang] = re.compile(rf"^の?(?:{alt})" if after else rf"(?:{alt})の?$")
        elif after:  # "5-star hotel quality", "5 Star luxury hotel": the noun within the next two words
            out[lang] = re.compile(rf"^[\s-]+(?:[^\W\d_]+[\s-]+)?(?:{alt})\b", re.IGNORECASE)
        else:  # "Kollektion Fünf Sterne", "la collection 5 étoiles"
            out[lang] = re.compile(rf"\b(?:{alt})[\s-]+(?:[^\W\d_]+[\s-]+)?$", re.IGNORECASE)
    return out


def _bounds(pattern: re.Pattern, text: str) -> list[int]:
    return [0] + [m.end() for m in pattern.finditer(text)]


def _around(starts: list[int], text: str, start: int, end: int) -> tuple[int, int]:
    """The unit (clause or sentence) holding ``start``, stretched to cover ``end``."""
    i = bisect.bisect_right(starts, start) - 1
    j = bisect.bisect_left(starts, end)
    return starts[i], starts[j] if j < len(starts) else len(text)


def _negated(ctx: Context, lang: str, text: str, lo: int, hi: int, start: int, end: int,
             previous: int | None = None) -> bool:
    cues = ctx.cues.get(lang)
    if cues is None:
        return False
    governed = ctx.governed.get(lang)
    if previous is not None and governed is not None and governed.search(text, lo, hi):
        lo = previous  # "Wir werden Sie nicht bitten, Ihre Bewertung zu ändern": the clause before governs it
    stop = hi if lang in _AFTER_LANGS else start
    # A cue is anything negative before the finding (or anywhere in the clause where negation comes after),
    # once the negated phrases that are no negation of the act ("don't hesitate") are blanked out. They are
    # blanked in the whole clause: "Ne laissez un avis que si ..." (only if) ends after the finding starts.
    clause = text[lo:hi]
    not_cues = ctx.not_cues.get(lang)
    if not_cues is not None:
        clause = not_cues.sub(lambda m: " " * len(m.group()), clause)
    return bool(cues.search(clause, 0, stop - lo))


def _quoted(ctx: Context, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The quoted stretch around [start, end) on one line, if there is one."""
    line_start = text.rfind("\n", max(0, start - 60), start) + 1 or max(0, start - 60)
    line_end = text.find("\n", end, end + 60)
    line_end = min(len(text), end + 60) if line_end < 0 else line_end
    left = max((text.rfind(q, line_start, start) for q in ctx.quotes), default=-1)
    if left < 0:
        return None
    rights = [p for p in (text.find(q, end, line_end) for q in ctx.quotes) if p >= 0]
    if not rights:
        return None
    right = min(rights)
    inside = text[left + 1:right]
    # An opening quote must open (no letter right after a closing one): "it's" is no quotation.
    if text[left] in "'’" and left > 0 and text[left - 1].isalnum():
        return None
    return (left + 1, right) if 0 < len(inside) <= 60 else None


_WORD = re.compile(r"[^\W_]+")


def _is_name(ctx: Context, lang: str, text: str, start: int, end: int) -> bool:
    after, before = ctx.nouns_after.get(lang), ctx.nouns_before.get(lang)
    if after and after.search(text[end:end + 30]):
        return True
    # After a collection noun only a title-cased rating is a name: "Kollektion Fünf Sterne", not "geben Sie
    # der Kollektion fünf Sterne".
    if before and text[start:end][:1].isupper() and before.search(text[max(0, start - 30):start]):
        return True
    q = _quoted(ctx, text, start, end)
    if q is not None:
        inside = text[q[0]:q[1]]
        match_words = _WORD.findall(text[start:end])
        others = [w for w in _WORD.findall(inside) if w not in match_words]
        titled = lang in ctx.title_case_languages and all(w[:1].isupper() for w in match_words if w[:1].isalpha())
        # Another word inside the quotes (or, in Japanese, any text beside the rating) makes it a name.
        if others or titled or (lang == "ja" and len(inside) > len(text[start:end]) + 1):
            return True
        return False
    if lang not in ctx.title_case_languages or lang in _NOUN_CAPITALS:
        return False
    inner = [w for w in _WORD.finditer(text, start, end) if w.group()[:1].isalpha()]
    if not inner or not all(w.group()[:1].isupper() for w in inner):
        return False
    # A title-cased rating word followed by another title-cased word in the same sentence.
    nxt = _WORD.search(text, inner[-1].end(), min(len(text), end + 40))
    return bool(nxt and nxt.group()[:1].isupper() and not re.search(r"[.!?:;]", text[inner[-1].end():nxt.start()]))


def apply(findings: list, text: str, langs: list[str], rule_kinds: dict[str, str]) -> list:
    """``findings`` with context applied. ``rule_kinds``: rule id -> kind (detectors are never lowered)."""
    if not findings:
        return findings
    ctx = load_context()
    clauses = _bounds(_CLAUSE, text)
    sentences = _bounds(_SENTENCE, text)
    out = []
    for f in findings:
        if f.severity == "info" or rule_kinds.get(f.rule, "detector") == "detector":
            out.append(f)
            continue
        if f.rule in ctx.name_rules and any(_is_name(ctx, lg, text, f.start, f.end) for lg in langs):
            continue
        lo, hi = _around(clauses, text, f.start, f.end)
        # A finding that runs over a clause end ("...couldn't charge your card, so send me the card number") is
        # not read as negated: the negation belongs to another clause than the request.
        one_clause = bisect.bisect_right(clauses, f.start) == bisect.bisect_left(clauses, f.end)
        k = bisect.bisect_right(clauses, lo) - 2  # the clause before this one, if any
        previous = clauses[k] if k >= 0 and text[clauses[k + 1] - 1:clauses[k + 1]] in ",，、" else None
        if one_clause and f.rule not in ctx.except_rules and any(
                _negated(ctx, lg, text, lo, hi, f.start, f.end, previous) for lg in langs):
            out.append(replace(f, severity="info", message="Read as a negation (the sentence tells the buyer "
                               "not to do this), so only for your information: " + f.message))
            continue
        s_lo, s_hi = _around(sentences, text, f.start, f.end)
        sentence = text[s_lo:s_hi]
        mention = next((m for m in ctx.mentions if f.rule in m.rules and any(
            lg in m.cues and m.cues[lg].search(sentence) and not (lg in m.asks and m.asks[lg].search(sentence))
            for lg in langs)), None)
        if mention is not None:
            out.append(replace(f, severity="info", message="Read as a mention, not a request or an offer, so "
                               "only for your information: " + f.message))
            continue
        out.append(f)
    return out
