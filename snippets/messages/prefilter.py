"""A cheap test before a rule's expression is run: the literal words any match of it must contain.

``required_literals(pattern)`` reads a regular expression's parse tree and returns a set of lower-case strings
such that every match contains at least one of them (``None`` when no such set can be told, e.g. the
expression starts with a character class). A rule whose required words are all absent from a message cannot
match there, and is skipped without running its expressions: most rules of most messages. This is an
optimisation only: a rule is skipped only when it provably cannot match.

Python's case-insensitive matching also pairs a few letters that lower-casing does not (dotless "ı" and "i",
long "ſ" and "s", the Kelvin sign...); ``may_skip(text)`` is False for a text holding any of them, so such a
text always runs every expression.

For speed (issue 13), all pure ``re`` so that the page (Pyodide) runs the same code:
- ``Scanner``: which of all the rules' required words a text holds, in one pass (not one ``in`` per word).
- ``requirement``/``tester``: a finer test than one set of words, a formula over each alternative's words.
- ``guarded``: an expression behind a look-ahead for the characters its matches can start with.
Each only decides what need not run or where a match cannot start; ``tests/messages/test_check_fast_path.py``
checks that the findings equal those of every expression run as written.
"""

from __future__ import annotations

import bisect
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
def _parsed(pattern: str):
    """The expression's parse tree (read by the three tests below: parsed once), None if it does not parse."""
    try:
        return P.parse(pattern, re.IGNORECASE)
    except Exception:  # noqa: BLE001 - an unparsable expression is reported when it is compiled
        return None


@cache
def required_literals(pattern: str) -> frozenset[str] | None:
    tree = _parsed(pattern)
    return None if tree is None else _need(tree)


def absent(pattern: str, text: str) -> bool:
    """True when ``pattern`` provably cannot match in the lower-case ``text``."""
    need = required_literals(pattern)
    return need is not None and not any(word in text for word in need)


class Scanner:
    """Which of many literal words a text contains, in one pass of one expression instead of one ``in`` test
    per word: ``present(text)`` equals ``{w for w in words if w in text}``.

    The expression is a look-ahead at every position holding the words as a trie ("rev(?:iew|oke)"), greedy,
    so it reports the longest word starting there; every shorter word starting there is a prefix of it, and is
    added from a table made once. Pure ``re``: it runs in the page (Pyodide) as it does here."""

    def __init__(self, words):
        self.words = frozenset(words)
        # Each word's prefixes that are words too, shortest first.
        self._prefixes = {w: tuple(w[:i] for i in range(1, len(w) + 1) if w[:i] in self.words) for w in self.words}
        # No word holds a line break: a text made of pieces of another, joined by line breaks, holds no word
        # across a join (``present_in``).
        self.newline_free = not any("\n" in w for w in self.words)
        # Two expressions, words starting with an ASCII character and the others (Japanese...): the engine tries a
        # trie's first characters one by one, and a Latin letter should not be tried against hundreds of kanji.
        # A class of the words' first characters in front: most positions fail it at once. No position is a
        # hit of both (its character is ASCII or not).
        self._patterns = [re.compile(f"(?=[{''.join(sorted({re.escape(w[0]) for w in part}))}])"
                                     f"(?=({trie_pattern(part)}))", re.DOTALL)
                          for part in ({w for w in self.words if w[0].isascii()},
                                       {w for w in self.words if not w[0].isascii()}) if part]

    def hits(self, text: str) -> list[tuple[int, str]]:
        """(position, the longest word starting there) for every position where a word starts, in order."""
        found = [hit for hits in ([(m.start(), m.group(1)) for m in p.finditer(text)] for p in self._patterns)
                 for hit in hits]
        return sorted(found) if len(self._patterns) > 1 else found

    def present(self, text: str) -> frozenset[str]:
        return frozenset().union(*(self._prefixes[w] for p in self._patterns for w in set(p.findall(text))))

    def present_in(self, hits: list[tuple[int, str]], pieces) -> frozenset[str]:
        """The words inside the pieces [a, b) of the text ``hits`` were taken from (sorted, not overlapping)."""
        found: set[str] = set()
        if len(pieces) == 1 and pieces[0][0] == 0 and (not hits or hits[-1][0] + len(hits[-1][1]) <= pieces[0][1]):
            return frozenset().union(*(self._prefixes[w] for w in {w for _, w in hits}))  # the whole text
        positions = [p for p, _ in hits]
        for a, b in pieces:
            for k in range(bisect.bisect_left(positions, a), len(hits)):
                p, word = hits[k]
                if p >= b:
                    break
                if p + len(word) <= b:
                    found.update(self._prefixes[word])
                else:
                    found.update(w for w in self._prefixes[word] if p + len(w) <= b)
        return frozenset(found)


def trie_pattern(words) -> str:
    """One alternation of ``words`` built as a trie ("rev(?:iew|oke)"): a flat alternation of thousands of words
    makes Python's engine try each word at each position."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# The first character of a match: an expression whose every match starts with one of a few characters runs
# much faster behind a look-ahead for them. Python's engine skips ahead on such a set by itself only when the
# expression starts with plain literals and no letter is case-insensitive; the rules' expressions start with
# word boundaries and alternations of words, so at every position it would otherwise enter every alternative.
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_CLASS_ESCAPES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
                  C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}


def _class_items(av) -> list[str] | None:
    out = []
    for op, v in av:
        if op is C.LITERAL:
            out.append(re.escape(chr(v)) if chr(v) not in "]\\^-" else "\\" + chr(v))
        elif op is C.RANGE:
            out.append(f"\\{chr(v[0])}-\\{chr(v[1])}" if not chr(v[0]).isalnum() or not chr(v[1]).isalnum()
                       else f"{chr(v[0])}-{chr(v[1])}")
        elif op is C.CATEGORY and v in _CLASS_ESCAPES:
            out.append(_CLASS_ESCAPES[v])
        else:  # a negated class, another category: no guard
            return None
    return out


def _first(items) -> tuple[list[str], bool] | None:
    """(the characters any match of the sequence ``items`` can start with, whether it can match empty)."""
    chars: list[str] = []
    for op, av in items:
        if op is C.LITERAL:
            part: tuple[list[str], bool] | None = (_class_items([(op, av)]), False)  # type: ignore[assignment]
        elif op is C.IN:
            got = _class_items(av)
            part = None if got is None else (got, False)
        elif op is C.CATEGORY and av in _CLASS_ESCAPES:
            part = ([_CLASS_ESCAPES[av]], False)
        elif op in _ZERO_WIDTH:
            part = ([], True)
        elif op is C.SUBPATTERN:
            part = None if av[1] or av[2] else _first(av[3])  # a group changing flags: no guard
        elif op is C.ATOMIC_GROUP:
            part = _first(av)
        elif op is C.BRANCH:
            parts = [_first(b) for b in av[1]]
            part = None if any(p is None for p in parts) else (
                [c for p in parts for c in p[0]], any(p[1] for p in parts))  # type: ignore[index]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            body = _first(av[2])
            part = None if body is None else (body[0], av[0] == 0 or body[1])
        else:  # any character, a back-reference, a conditional...: no guard
            part = None
        if part is None:
            return None
        chars += part[0]
        if not part[1]:
            return chars, False
    return chars, True


@cache
def guarded(pattern: str) -> str:
    """``pattern`` behind a look-ahead for the characters every match of it starts with, when that can be
    told (the same matches, found faster); else ``pattern`` itself. Meant for ``re.IGNORECASE``: the
    look-ahead's class folds case exactly as the expression's own letters do."""
    tree = _parsed(pattern)
    if tree is None:
        return pattern
    if tree.state.flags & ~(re.IGNORECASE | re.UNICODE):  # inline flags: leave the expression as written
        return pattern
    first = _first(tree.data)
    if first is None or first[1] or not first[0]:
        return pattern
    if all(len(c) == 1 and c.lower() == c.upper() for c in first[0]):
        return pattern  # no letter with case first (Japanese words): the engine already skips ahead by itself
    return f"(?=[{''.join(dict.fromkeys(first[0]))}])(?:{pattern})"


# A finer test than one set of words: what every match needs, as a formula over the words of the expression.
# A word (str): the text must contain it; ("all", parts): every part; ("any", parts): one part at least.
# "\b(?:our|my) other (?:listings|offers)\b|\b\d+ ?% off\b" needs (" other " and ("listings" or "offers"))
# or "% off", where one set of words can say only " other " or "% off".
Requirement = str | tuple


def _requirement(items) -> Requirement | None:
    """What every match of the sequence ``items`` needs (None: nothing that can be told)."""
    needs: list[Requirement] = []
    run: list[str] = []

    def flush():
        word = "".join(run).lower()
        if word and _telling(word):
            needs.append(word)
        run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        sub: Requirement | None
        if op is C.SUBPATTERN:
            sub = _requirement(av[3])
        elif op is C.ATOMIC_GROUP:
            sub = _requirement(av)
        elif op is C.BRANCH:
            parts = [_requirement(b) for b in av[1]]
            sub = None if any(p is None for p in parts) else ("any", tuple(dict.fromkeys(parts)))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            sub = _requirement(av[2]) if av[0] >= 1 else None
        elif op is C.IN and av and all(o is C.LITERAL for o, _ in av):
            chars = tuple(dict.fromkeys(chr(c).lower() for _, c in av))
            sub = None if not all(_telling(c) for c in chars) else chars[0] if len(chars) == 1 else ("any", chars)
        else:
            sub = None
        if sub is not None:
            needs.append(sub)
    flush()
    if not needs:
        return None
    return needs[0] if len(needs) == 1 else ("all", tuple(needs))


@cache
def requirement(pattern: str) -> Requirement | None:
    tree = _parsed(pattern)
    return None if tree is None else _requirement(tree)


def requirement_words(req: Requirement | None) -> set[str]:
    if req is None:
        return set()
    if isinstance(req, str):
        return {req}
    return set().union(*(requirement_words(p) for p in req[1]))


def possible(req: Requirement, present: frozenset[str]) -> bool:
    """False when the text whose words are ``present`` cannot hold a match (the formula read as written)."""
    if isinstance(req, str):
        return req in present
    if req[0] == "all":
        return all(possible(p, present) for p in req[1])
    return any(possible(p, present) for p in req[1])


def _flat(kind: str, parts) -> list:
    out = []
    for p in parts:
        if not isinstance(p, str) and p[0] == kind:
            out += _flat(kind, p[1])
        else:
            out.append(p)
    return out


def _tester(req: Requirement):
    """``possible(req, present)`` as one function, its words as sets (a few set operations per call)."""
    if isinstance(req, str):
        return lambda present: req in present
    parts = _flat(req[0], req[1])
    words = frozenset(p for p in parts if isinstance(p, str))
    others = tuple(_tester(p) for p in parts if not isinstance(p, str))
    if req[0] == "all":
        if not others:
            return words.issubset
        return lambda present: words.issubset(present) and all(t(present) for t in others)
    if not others:
        return lambda present: not words.isdisjoint(present)
    return lambda present: not words.isdisjoint(present) or any(t(present) for t in others)


@cache
def tester(pattern: str):
    """A function of the words a text holds: False when ``pattern`` cannot match there (None: no test)."""
    req = requirement(pattern)
    return None if req is None else _tester(req)


def test_source(req: Requirement, consts: list) -> str:
    """``possible(req, P)`` as one Python expression over the set of words ``P`` (its word sets stored in
    ``consts``, read as ``C[i]``): compiled once (``compile_test``), it runs without a call per node."""
    if isinstance(req, str):
        consts.append(req)
        return f"(C[{len(consts) - 1}] in P)"
    parts = _flat(req[0], req[1])
    words = frozenset(p for p in parts if isinstance(p, str))
    terms = []
    if words:
        consts.append(words)
        i = len(consts) - 1
        terms.append(f"(C[{i}] <= P)" if req[0] == "all" else f"(not C[{i}].isdisjoint(P))")
    terms += [test_source(p, consts) for p in parts if not isinstance(p, str)]
    return "(" + (" and " if req[0] == "all" else " or ").join(terms) + ")"


def compile_test(terms: list[str], consts: list):
    """One function of a set of words: the conjunction of ``terms`` (made by ``test_source``)."""
    return eval("lambda P: " + (" and ".join(terms) or "True"), {"C": tuple(consts)})  # noqa: S307 - our own source


# Branch pruning (issue 13, speed): an expression that is one alternation at the top ("a|b|c") finds exactly what
# the alternation of only those alternatives that can match in the text finds (at each position the engine tries
# them in order; one that matches nowhere changes nothing). The messaging apps of every language are one such
# expression of forty alternatives: a text names one or two of them at most.

def _split_top(pattern: str) -> list[str] | None:
    """``pattern`` cut at its top-level "|" (outside groups, classes and escapes); None if it cannot be told."""
    pieces, depth, start, i, n = [], 0, 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: "]" right after "[" or "[^" is a member
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            if j >= n:
                return None
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
        i += 1
    if depth:
        return None
    pieces.append(pattern[start:])
    return pieces


_MIN_BRANCHES = 8  # fewer alternatives: pruning saves less than it costs to prepare


@cache
def branches(pattern: str) -> tuple[tuple[str, object], ...] | None:
    """The top-level alternatives of ``pattern`` with their tests (``tester``; None: always possible), when the
    expression is one alternation the parser reads exactly as these pieces (no flags, no groups renumbered, no
    common prefix taken out); else None."""
    tree = _parsed(pattern)
    if tree is None or tree.state.flags & ~(re.IGNORECASE | re.UNICODE) or tree.state.groups > 1:
        return None
    if len(tree.data) != 1 or tree.data[0][0] is not C.BRANCH or len(tree.data[0][1][1]) < _MIN_BRANCHES:
        return None
    alternatives = tree.data[0][1][1]
    pieces = _split_top(pattern)
    if pieces is None or len(pieces) != len(alternatives):
        return None
    for piece, alt in zip(pieces, alternatives, strict=True):
        own = _parsed(piece)
        if own is None or repr(own.data) != repr(alt.data):  # the same tree (no group in either: no numbering)
            return None
    return tuple((piece, tester(piece)) for piece in pieces)


@cache
def branch_words(pattern: str) -> frozenset[str]:
    """The words the tests of ``branches(pattern)`` read (a scanner must look for them all)."""
    found = branches(pattern)
    if found is None:
        return frozenset()
    return frozenset().union(*(requirement_words(requirement(piece)) for piece, _ in found))
