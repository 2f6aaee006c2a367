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
A broken rule file stops the checker with the file and the problem named (exit 2): never a silent skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from snippets.errors import UserError
from snippets.messages.language import LANGUAGES
from snippets.messages.prefilter import guarded

# libyaml when present: the rule files parse in milliseconds instead of most of a second (check starts fast)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

RULES_DIR = Path(__file__).resolve().parent.parent / "data" / "rules"
CATEGORIES = ("external_contact", "external_link", "review_incentive", "review_manipulation", "promotion",
              "off_platform", "sensitive_data", "formatting")
SEVERITIES = ("error", "warning", "info")
PLATFORMS = ("amazon", "ebay", "walmart")
DETECTORS = ("email", "phone", "url", "handle", "invisible", "emoji", "line_breaks", "html", "chinese",
             "not_english")
_REQUIRED = {"id", "category", "severity", "platforms", "languages", "kind", "title", "title_zh", "source",
             "message", "message_zh", "suggestion", "suggestion_zh", "examples"}
_OPTIONAL = {"platform_severity", "detector", "match", "within"}
_ID = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


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


def _compile(path: Path, where: str, pattern) -> LazyPattern:
    if not isinstance(pattern, str) or not pattern:
        _fail(path, where, f"expected a non-empty regular expression, got {pattern!r}")
    return LazyPattern(pattern, path, where)


def _str_list(path, where, value, allowed=None) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        _fail(path, where, f"expected a non-empty list of strings, got {value!r}")
    if allowed:
        bad = [v for v in value if v not in allowed]
        if bad:
            _fail(path, where, f"unknown value(s) {bad}; allowed: {', '.join(allowed)}")
    return tuple(value)


def _examples(path, where, value, languages) -> dict:
    if not isinstance(value, dict) or set(value) - {"match", "no_match"} or "match" not in value:
        _fail(path, where, "expected 'match' (and optionally 'no_match'), each a mapping language -> texts")
    out = {}
    for key, per_lang in value.items():
        if not isinstance(per_lang, dict):
            _fail(path, f"{where}.{key}", "expected a mapping language -> list of texts")
        for lang, texts in per_lang.items():
            if lang not in LANGUAGES or ("*" not in languages and lang not in languages):
                _fail(path, f"{where}.{key}", f"language {lang!r} is not one of the rule's languages")
            _str_list(path, f"{where}.{key}.{lang}", texts)
        out[key] = per_lang
    return out


def _rule(path: Path, i: int, raw) -> Rule:
    where = f"rule #{i}"
    if not isinstance(raw, dict):
        _fail(path, where, "expected a mapping")
    where = f"rule #{i} ({raw.get('id', 'no id')})"
    missing = sorted(_REQUIRED - set(raw))
    if missing:
        _fail(path, where, f"missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw) - _REQUIRED - _OPTIONAL)
    if unknown:
        _fail(path, where, f"unknown field(s) {', '.join(unknown)}")
    if not isinstance(raw["id"], str) or not _ID.match(raw["id"]):
        _fail(path, where, "id must look like 'category.name' (lower case, digits, underscores)")
    if raw["category"] not in CATEGORIES:
        _fail(path, where, f"category {raw['category']!r} is not one of {', '.join(CATEGORIES)}")
    if raw["severity"] not in SEVERITIES:
        _fail(path, where, f"severity {raw['severity']!r} is not one of {', '.join(SEVERITIES)}")
    platforms = _str_list(path, f"{where}.platforms", raw["platforms"], PLATFORMS)
    per_platform = raw.get("platform_severity") or {}
    if not isinstance(per_platform, dict) or any(
            p not in platforms or s not in SEVERITIES for p, s in per_platform.items()):
        _fail(path, f"{where}.platform_severity", "expected platform: severity for platforms the rule lists")
    languages = _str_list(path, f"{where}.languages", raw["languages"], (*LANGUAGES, "*"))
    for key in ("title", "title_zh", "message", "message_zh"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            _fail(path, f"{where}.{key}", "expected a non-empty text")
    for key in ("suggestion", "suggestion_zh"):
        if raw[key] is not None and not (isinstance(raw[key], str) and raw[key].strip()):
            _fail(path, f"{where}.{key}", "expected a text or null")
    if (raw["suggestion"] is None) != (raw["suggestion_zh"] is None):
        _fail(path, where, "give suggestion and suggestion_zh together (or both null)")
    source = raw["source"]
    if not isinstance(source, dict) or set(source) != {"text", "url"} or not str(source["url"]).startswith("http"):
        _fail(path, f"{where}.source", "expected {text: ..., url: https://...}")
    fields = dict(id=raw["id"], category=raw["category"], severity=raw["severity"], platforms=platforms,
                  languages=languages, kind=raw["kind"], title=raw["title"], title_zh=raw["title_zh"],
                  source=source, message=raw["message"], message_zh=raw["message_zh"],
                  suggestion=raw["suggestion"], suggestion_zh=raw["suggestion_zh"], file=path.name, platform_severity=per_platform,
                  examples=_examples(path, f"{where}.examples", raw["examples"], languages))
    if raw["kind"] == "detector":
        if raw.get("detector") not in DETECTORS or "match" in raw:
            _fail(path, where, f"a detector rule names 'detector' (one of {', '.join(DETECTORS)}) and no 'match'")
        return Rule(**fields, detector=raw["detector"])
    if raw["kind"] == "cooccurrence":
        return Rule(**fields, match=_cooccurrence(path, where, raw, languages), within="message")
    if raw["kind"] != "lexicon":
        _fail(path, f"{where}.kind", "expected 'detector', 'lexicon' or 'cooccurrence'")
    within = raw.get("within", "sentence")
    if within not in ("sentence", "message") and not (isinstance(within, int) and within > 0):
        _fail(path, f"{where}.within", "expected 'sentence', 'message' or a number of characters")
    match = _per_language(path, where, raw.get("match"), languages)
    compiled = {}
    for lang, spec in match.items():
        w = f"{where}.match.{lang}"
        if not isinstance(spec, dict) or "all" not in spec or set(spec) - {"all", "unless"}:
            _fail(path, w, "expected 'all' (list of regexes that must all match) and optionally 'unless'")
        compiled[lang] = LangMatch(
            all=tuple(_compile(path, f"{w}.all", p) for p in _str_list(path, f"{w}.all", spec["all"])),
            unless=tuple(_compile(path, f"{w}.unless", p) for p in spec.get("unless") or []))
    return Rule(**fields, match=compiled, within=within)


def _per_language(path: Path, where: str, match, languages) -> dict:
    """A rule's ``match``: one entry for each of its languages, no more, no fewer."""
    if not isinstance(match, dict) or set(match) != set(languages):
        _fail(path, f"{where}.match", f"expected one entry per language of the rule: {', '.join(languages)}")
    return match


def _patterns(path: Path, where: str, value) -> tuple[LazyPattern, ...]:
    """One expression or a list of them."""
    if value is None:
        return ()
    return tuple(_compile(path, where, p) for p in ([value] if isinstance(value, str) else
                                                     _str_list(path, where, value)))


def _cooccurrence(path: Path, where: str, raw: dict, languages) -> dict:
    if "within" in raw:
        _fail(path, where, "a cooccurrence rule reads the whole message: drop 'within'")
    match = _per_language(path, where, raw.get("match"), languages)
    compiled = {}
    for lang, spec in match.items():
        w = f"{where}.match.{lang}"
        if not isinstance(spec, dict) or set(spec) - {"each", "unless"} or not isinstance(spec.get("each"), list) \
                or len(spec["each"]) < 2:
            _fail(path, w, "expected 'each' (a list of two or more parts) and optionally 'unless'")
        parts = []
        for j, part in enumerate(spec["each"], 1):
            pw = f"{w}.each[{j}]"
            if not isinstance(part, dict) or "any" not in part or set(part) - {"any", "unless"}:
                _fail(path, pw, "expected 'any' (a regex or a list of them) and optionally 'unless' (the same)")
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
def load_rules(directory: Path = RULES_DIR, compile_all: bool | None = None) -> tuple[Rule, ...]:
    """Every rule under ``directory``; a broken file raises ``RuleFileError`` (exit 2) naming it.
    ``compile_all`` (default: for any folder but the built-in one) compiles every expression now, so that a
    bad one is reported before any message is checked; otherwise each compiles on first use."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise RuleFileError(f"no rule files (*.yaml) in {directory}")
    rules: list = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
            raise RuleFileError(f"invalid rule file {path}: cannot be read as YAML: {err}") from err
        if not isinstance(data, dict) or set(data) != {"rules"} or not isinstance(data["rules"], list):
            _fail(path, "top level", "expected a mapping with one key, 'rules', holding a list")
        for i, raw in enumerate(data["rules"], 1):
            rule = _rule(path, i, raw)
            if rule.id in seen:
                _fail(path, f"rule #{i} ({rule.id})", f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = path.name
            rules.append(rule)
    if compile_all or (compile_all is None and directory.resolve() != RULES_DIR):
        for pattern in all_patterns(rules):
            pattern.compiled()
    return tuple(rules)
