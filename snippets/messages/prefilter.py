"""A cheap test before a rule's expression is run: the literal words any match of it must contain.

``required_literals(pattern)`` reads a regular expression's parse tree and returns a set of lower-case strings
such that every match contains at least one of them (``None`` when no such set can be told, e.g. the
expression starts with a character class). A rule whose required words are all absent from a message cannot
match there, and is skipped without running its expressions: most rules of most messages. This is an
optimisation only: a rule is skipped only when it provably cannot match.

Python's case-insensitive matching also pairs a few letters that lower-casing does not (dotless "ı" and "i",
long "ſ" and "s", the Kelvin sign...); ``may_skip(text)`` is False for a text holding any of them, so such a
text always runs every expression.
"""

from __future__ import annotations

import re
import re._constants as C  # noqa: N812 - the parse tree's opcodes
import re._parser as P  # noqa: N812
from functools import cache

_MIN = 2  # shorter literals say too little to skip on
# Letters Python's IGNORECASE pairs beyond str.lower(): when present, never skip.
_SPECIAL = re.compile("[\u0130\u0131\u017f\u212a\u212b\u1e9e\u00b5\u03c2\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1"
                      "\u03f5\u1e61\u1fbe\u0345\u0390\u03b0\u1fd3\u1fe3\ufb05\ufb06\u1c80-\u1c88\ua64b]")


def may_skip(text: str) -> bool:
    return not _SPECIAL.search(text)


_RARE_SYMBOLS = set("%$€£¥@#★☆＄％＠")


def _telling(word: str) -> bool:
    """Long enough to be worth a skip: two characters, or one that is rare in text (a symbol, a kanji)."""
    return len(word) >= _MIN or (len(word) == 1 and (word in _RARE_SYMBOLS or (not word.isascii() and word.isalpha())))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    good = [c for c in candidates if c and all(_telling(s) for s in c)]
    if not good:
        return None
    # The most selective: the fewest alternatives, then the longest shortest word.
    return min(good, key=lambda c: (len(c), -min(map(len, c))))


def _need(items) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush():
        if run:
            candidates.append(frozenset(["".join(run).lower()]))
        run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is C.SUBPATTERN:
            sub = _need(av[3])
        elif op is C.ATOMIC_GROUP:
            sub = _need(av)
        elif op is C.BRANCH:
            parts = [_need(b) for b in av[1]]
            sub = None if any(p is None for p in parts) else frozenset().union(*[p for p in parts if p is not None])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _, body = av
            sub = _need(body) if lo >= 1 else None
        elif op is C.IN and av and all(o is C.LITERAL for o, _ in av):  # [$€£]: one of a few characters
            sub = frozenset(chr(c).lower() for _, c in av)
        else:  # another class, any character, an anchor, a look-around, a back-reference: no literal
            sub = None
        if sub is not None:
            candidates.append(sub)
    flush()
    return _best(candidates)


@cache
def required_literals(pattern: str) -> frozenset[str] | None:
    try:
        tree = P.parse(pattern, re.IGNORECASE)
    except Exception:  # noqa: BLE001 - an unparsable expression is reported when it is compiled
        return None
    return _need(tree)


def absent(pattern: str, text: str) -> bool:
    """True when ``pattern`` provably cannot match in the lower-case ``text``."""
    need = required_literals(pattern)
    return need is not None and not any(word in text for word in need)
