"""Message rules are data: ``snippets/data/rules/*.yaml``, one file per category.

A file holds ``rules:``, a list of rules. Each rule names its category, severity, platforms, languages,
its source, an explanation and a suggestion in English and Chinese, and examples that must and must not
match (``tests/messages`` runs them all). A rule is either a ``detector`` (email, phone, link... in every
language), a ``lexicon`` rule: per language, a list of regular expressions that must all match within
one sentence (or within N characters, or anywhere in the message), unless an exception matches there, or a
``cooccurrence`` rule: per language, parts (``each``) that must all occur somewhere in the message, in any
order and any sentence; a part's hit does not count when its own sentence matches the part's ``unless``, and
the message-level ``unless`` clears the whole message. It reads what a message does as a whole ("a review is
mentioned" and "something of value is offered"), where a lexicon rule reads one phrase.
The shape of a file is checked against ``snippets/data/schemas/rules.schema.yaml``; what a schema cannot say
(languages and platforms that must be the rule's own, unique ids, expressions that compile) is checked here.
A broken rule file stops the checker with the file, the rule and the problem named (exit 2): never a silent skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from snippets.datafiles import load_yaml
from snippets.errors import UserError
from snippets.markets import PLATFORMS  # noqa: F401  (the checker imports it from here)
from snippets.messages.prefilter import guarded

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"
CATEGORIES = ("external_contact", "external_link", "review_incentive", "review_manipulation", "promotion",
              "off_platform", "sensitive_data", "formatting")
SEVERITIES = ("error", "warning", "info")
DETECTORS = ("email", "phone", "url", "handle", "invisible", "emoji", "line_breaks", "html", "chinese",
             "not_english")


@dataclass(frozen=True)
class LangMatch:
    all: tuple[LazyPattern, ...]
    unless: tuple[LazyPattern, ...] = ()


@dataclass(frozen=True)
class Part:
    """One part of a co-occurrence rule: found anywhere, unless its own sentence matches ``unless``."""
    any: LazyPattern
    unless: tuple[LazyPattern, ...] = ()


@dataclass(frozen=True)
class CoMatch:
    each: tuple[Part, ...]
    unless: tuple[LazyPattern, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    platforms: tuple[str, ...]
    languages: tuple[str, ...]
    kind: str
    title: str
    title_zh: str
    source: dict
    message: str
    message_zh: str
    suggestion: str | None
    suggestion_zh: str | None
    examples: dict
    file: str
    platform_severity: dict = field(default_factory=dict)
    detector: str | None = None
    match: dict = field(default_factory=dict)
    within: str | int = "sentence"

    def severity_on(self, platform: str) -> str:
        return self.platform_severity.get(platform, self.severity)


class RuleFileError(UserError):
    pass


def _fail(path: Path, where: str, problem: str):
    raise RuleFileError(f"invalid rule file {path}: {where}: {problem}. Fix the file, then run the checker again.")


class LazyPattern:
    """A rule expression compiled on first use: checking one English message needs a sixth of the rules'
    expressions, and compiling all of them takes longer than the check. ``load_rules`` compiles every one
    up front for a rule folder given by the user, so a bad expression there stops the checker before any
    output; the built-in rules are compiled (and their examples run) by the tests."""

    __slots__ = ("pattern", "_path", "_where", "_compiled")

    def __init__(self, pattern: str, path: Path, where: str):
        self.pattern, self._path, self._where = pattern, path, where
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            try:
                # The same matches, behind a look-ahead for their possible first characters (much faster).
                self._compiled = re.compile(guarded(self.pattern), re.IGNORECASE)
            except re.error as err:
                _fail(self._path, self._where, f"bad regular expression {self.pattern!r}: {err}")
        assert self._compiled is not None  # _fail raises
        return self._compiled

    def finditer(self, *args):
        return self.compiled().finditer(*args)

    def search(self, *args):
        return self.compiled().search(*args)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def _patterns(path: Path, where: str, value) -> tuple[LazyPattern, ...]:
    """One expression, a list of them, or none (null)."""
    if value is None:
        return ()
    return tuple(LazyPattern(p, path, where) for p in ([value] if isinstance(value, str) else value))


def _rule(path: Path, i: int, raw: dict) -> Rule:
    """One rule of a file whose shape is valid (rules.schema.yaml); here the checks a schema cannot say: the
    languages of ``match`` and ``examples`` against the rule's own, ``platform_severity`` against its platforms."""
    where = f"rules[{i}] ({raw['id']})"
    languages, platforms = tuple(raw["languages"]), tuple(raw["platforms"])
    per_platform = raw.get("platform_severity") or {}
    stray = sorted(set(per_platform) - set(platforms))
    if stray:
        _fail(path, f"{where}.platform_severity",
              f"platform(s) {', '.join(stray)} not among the rule's platforms ({', '.join(platforms)})")
    for key, per_lang in raw["examples"].items():
        stray = [lang for lang in per_lang if "*" not in languages and lang not in languages]
        if stray:
            _fail(path, f"{where}.examples.{key}",
                  f"language(s) {', '.join(stray)} not among the rule's languages ({', '.join(languages)})")
    fields = dict(id=raw["id"], category=raw["category"], severity=raw["severity"], platforms=platforms,
                  languages=languages, kind=raw["kind"], title=raw["title"], title_zh=raw["title_zh"],
                  source=raw["source"], message=raw["message"], message_zh=raw["message_zh"],
                  suggestion=raw["suggestion"], suggestion_zh=raw["suggestion_zh"], file=path.name,
                  platform_severity=per_platform, examples=raw["examples"])
    if raw["kind"] == "detector":
        return Rule(**fields, detector=raw["detector"])
    match = raw["match"]
    if set(match) != set(languages):
        _fail(path, f"{where}.match", f"expected one entry per language of the rule: {', '.join(languages)}")
    if raw["kind"] == "cooccurrence":
        return Rule(**fields, match=_cooccurrence(path, where, match), within="message")
    compiled = {}
    for lang, spec in match.items():
        w = f"{where}.match.{lang}"
        compiled[lang] = LangMatch(all=_patterns(path, f"{w}.all", spec["all"]),
                                   unless=_patterns(path, f"{w}.unless", spec.get("unless")))
    return Rule(**fields, match=compiled, within=raw.get("within", "sentence"))


def _cooccurrence(path: Path, where: str, match: dict) -> dict:
    compiled = {}
    for lang, spec in match.items():
        w = f"{where}.match.{lang}"
        parts = []
        for j, part in enumerate(spec["each"]):
            pw = f"{w}.each[{j}]"
            # A list of alternatives, one short line each, reads better than one long alternation.
            alternatives = _patterns(path, f"{pw}.any", part["any"])
            parts.append(Part(alternatives[0] if len(alternatives) == 1 else LazyPattern(
                "|".join(f"(?:{a.pattern})" for a in alternatives), path, f"{pw}.any"),
                _patterns(path, f"{pw}.unless", part.get("unless"))))
        compiled[lang] = CoMatch(tuple(parts), _patterns(path, f"{w}.unless", spec.get("unless")))
    return compiled


def all_patterns(rules) -> list[LazyPattern]:
    """Every expression of ``rules`` (lexicon, co-occurrence parts and exceptions)."""
    out = []
    for r in rules:
        for spec in r.match.values():
            if isinstance(spec, CoMatch):
                out += [q for part in spec.each for q in (part.any, *part.unless)] + list(spec.unless)
            else:
                out += [*spec.all, *spec.unless]
    return out


@cache
def load_rules(directory: Path = RULES_DIR, compile_all: bool | None = None,
               validate: bool | None = None) -> tuple[Rule, ...]:
    """Every rule under ``directory``; a broken file raises ``RuleFileError`` (exit 2) naming the file, the rule
    and the problem. ``validate`` (default: for any folder but the built-in one) checks each file against
    ``snippets/data/schemas/rules.schema.yaml``: that costs about half a second (jsonschema), so the built-in
    rules are validated by the tests and the site build, not by every ``check``. ``compile_all`` (same
    default) compiles every expression now, so that a bad one is reported before any message is checked;
    otherwise each compiles on first use."""
    directory = Path(directory)
    user_folder = directory.resolve() != RULES_DIR
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise RuleFileError(f"no rule files (*.yaml) in {directory}")
    rules: list = []
    seen: dict[str, str] = {}
    for path in files:
        data = load_yaml(path, "rules", RuleFileError, validate=user_folder if validate is None else validate)
        for i, raw in enumerate(data["rules"]):
            rule = _rule(path, i, raw)
            if rule.id in seen:
                _fail(path, f"rules[{i}] ({rule.id})", f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = path.name
            rules.append(rule)
    if compile_all or (compile_all is None and user_folder):
        for pattern in all_patterns(rules):
            pattern.compiled()
    return tuple(rules)
