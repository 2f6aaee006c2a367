"""Loading and validating the templates (``snippets/data/templates/*.yaml``), their placeholders
(``template_placeholders.yaml``) and the subjects Amazon requires (``message_subjects.yaml``).

Every problem is a :class:`TemplateError` naming the file, the entry and what is wrong.

A template file holds one template (or a list). Files are read in name order, which is the page order.
Fields:

- ``id``; ``kind``: ``reply`` (to a buyer, in en, de, fr, es, it and ja) or ``letter`` (to the marketplace,
  in English, the language it is reviewed in);
- ``title``, ``when`` (when to use it) and, for a reply, ``check_first`` (what the agent checks before
  sending) or, for a letter, ``evidence`` (what to attach): each in Chinese and English;
- ``policy_facts`` (the sections of the policy fact sheet it rests on) and ``sources`` (public URLs);
- ``reviewed``, ``placeholders`` (names described in ``template_placeholders.yaml``), ``text`` per language;
- optional ``critical: true`` with ``amazon_subject`` (a key of ``message_subjects.yaml``): the subject
  Amazon requires for the situation, the same in every language;
- optional ``known_checker_false_alarm``: ``{lang: RULE_ID}`` (or a list of ids) for a compliant text the
  message checker flags; the CI gate excuses that rule only, in that language only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from snippets.datafiles import load_yaml
from snippets.templates.fill import FORMATS, LANGS, Format, TemplateError, clean_value, french_spaces

DATA = Path(__file__).resolve().parent.parent / "data"
TEMPLATES_DIR = DATA / "templates"
PLACEHOLDERS_FILE = DATA / "template_placeholders.yaml"
SUBJECTS_FILE = DATA / "message_subjects.yaml"
LANG_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano", "ja": "日本語"}
KINDS = {"reply": LANGS, "letter": ("en",)}
IMPORTANT_TAG = "[Important]"
# The checker cannot know a message is critical, so it warns on "[Important]" anywhere; in the subject of a
# template marked critical the tag is what Amazon asks for (policy-facts §2.3), so that finding is expected.
IMPORTANT_RULE = "formatting.important_tag"

_NAME = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_BY_KIND = {"reply": "check_first", "letter": "evidence"}  # what the agent checks first, or what to attach


@dataclass(frozen=True)
class Placeholder:
    name: str
    zh: str
    en: str
    format: Format
    examples: dict[str, tuple[str, ...]]

    def meaning(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Subject:
    """A subject line Amazon requires for some messages (policy-facts §2.3)."""

    key: str
    text: str
    note: dict[str, str]
    sources: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Template:
    id: str
    kind: str
    title: dict[str, str]
    when: dict[str, str]
    guidance: dict[str, str]  # check_first for a reply, evidence for a letter
    policy_facts: str
    sources: tuple[tuple[str, str], ...]
    reviewed: str
    placeholders: tuple[str, ...]
    text: dict[str, str]
    critical: bool
    subject: Subject | None
    false_alarms: dict[str, frozenset[str]]
    file: str

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.text)

    @property
    def subject_line(self) -> str | None:
        """The subject to use, the same in every language (Amazon matches it literally), or None."""
        if self.subject is None:
            return None
        return f"{IMPORTANT_TAG} {self.subject.text}" if self.critical else self.subject.text

    def fill(self, lang: str, values: dict[str, str]) -> tuple[str | None, str]:
        """The subject (None if the template has none) and the text in ``lang``, every placeholder filled.

        A placeholder without a value, a value for a name the template does not use (a typo), and a value
        that breaks its placeholder's format each raise TemplateError naming the placeholder."""
        if lang not in self.text:
            raise TemplateError(f"template {self.id}: no language {lang!r}; it is written in "
                                f"{', '.join(self.languages)}")
        unknown = sorted(set(values) - set(self.placeholders))
        if unknown:
            raise TemplateError(f"template {self.id}: it has no placeholder {', '.join(unknown)}; "
                                f"its placeholders are {', '.join(self.placeholders)}")
        missing = [n for n in self.placeholders if not str(values.get(n, "")).strip()]
        if missing:
            names = ", ".join("{" + n + "}" for n in missing)
            raise TemplateError(f"template {self.id} ({lang}): no value for {names}. Give each one with "
                                f"--set NAME=VALUE (or --example to preview with sample values).")
        return self.preview(lang, values)

    def preview(self, lang: str, values: dict[str, str]) -> tuple[str | None, str]:
        """Like ``fill``, for a form still being filled: a placeholder without a value stays ``{name}``; a value
        given is checked against its format as in ``fill``."""
        if lang not in self.text:
            raise TemplateError(f"template {self.id}: no language {lang!r}; it is written in "
                                f"{', '.join(self.languages)}")
        catalogue = load_placeholders()
        clean = {}
        for name in self.placeholders:
            if str(values.get(name, "")).strip():
                try:
                    clean[name] = clean_value(name, catalogue[name].format, lang, values[name])
                except TemplateError as err:
                    raise TemplateError(f"template {self.id} ({lang}): {err}") from None
        # one pass, so braces inside a value are left alone
        return self.subject_line, _NAME.sub(lambda m: clean.get(m.group(1), m.group(0)), self.text[lang])


def _texts(value: dict, langs) -> dict[str, str]:
    return {lang: value[lang].rstrip("\n") for lang in langs}


def _sources(value: list) -> tuple[tuple[str, str], ...]:
    return tuple((str(s["text"]), str(s["url"])) for s in value)


@cache
def load_placeholders(path: Path = PLACEHOLDERS_FILE) -> dict[str, Placeholder]:
    """Shape: snippets/data/schemas/template_placeholders.schema.yaml; each example is checked against its
    placeholder's format here."""
    raw = load_yaml(path, "template_placeholders", TemplateError)
    found = {}
    for name, entry in raw.items():
        where = f"{path}: placeholder {name}"
        fmt = FORMATS.get(str(entry["format"]))
        if fmt is None:
            raise TemplateError(f"{where}: `format` must be one of {', '.join(FORMATS)}")
        checked = {}
        for lang, pair in entry["examples"].items():
            for value in pair:
                try:
                    clean_value(name, fmt, lang, value)
                except TemplateError as err:
                    raise TemplateError(f"{where}: example ({lang}): {err}") from None
            checked[lang] = tuple(pair)
        found[name] = Placeholder(name, str(entry["zh"]), str(entry["en"]), fmt, checked)
    return found


@cache
def load_subjects(path: Path = SUBJECTS_FILE) -> dict[str, Subject]:
    """Shape: snippets/data/schemas/message_subjects.schema.yaml."""
    raw = load_yaml(path, "message_subjects", TemplateError)
    return {key: Subject(str(key), entry["text"].strip(), _texts(entry["note"], ("zh", "en")),
                         _sources(entry["sources"]))
            for key, entry in raw.items()}


def _check_text(where: str, declared: tuple[str, ...], lang: str, text: str) -> None:
    names = _NAME.findall(text)
    stray = _NAME.sub("", text)
    if "{" in stray or "}" in stray:
        raise TemplateError(f"{where}: `text` ({lang}) has a brace that is not a placeholder; "
                            f"write placeholders as {{name}}")
    undeclared = sorted(set(names) - set(declared))
    if undeclared:
        raise TemplateError(f"{where}: `text` ({lang}) uses {', '.join(undeclared)}, not declared in `placeholders`")
    unused = [n for n in declared if n not in names]
    if unused:
        raise TemplateError(f"{where}: the {lang} text does not use declared placeholder(s) {', '.join(unused)}")
    if IMPORTANT_TAG.lower() in text.lower():
        raise TemplateError(f"{where}: \"{IMPORTANT_TAG}\" belongs in the subject, not the {lang} text")


def _template(path: Path, entry: dict, catalogue: dict[str, Placeholder],
              subjects: dict[str, Subject]) -> Template:
    """One template whose shape the schema has checked (snippets/data/schemas/template.schema.yaml): what needs
    the other files or the text itself is checked here."""
    where = f"{path}: template {entry['id']}"
    kind = entry["kind"]
    declared = entry["placeholders"]
    langs = KINDS[kind]
    for name in declared:
        if name not in catalogue:
            raise TemplateError(f"{where}: placeholder {name} is not described in {PLACEHOLDERS_FILE.name}")
        lacking = [lang for lang in langs if lang not in catalogue[name].examples]
        if lacking:
            raise TemplateError(f"{where}: placeholder {name} has no examples for {', '.join(lacking)} "
                                f"in {PLACEHOLDERS_FILE.name}")
    critical = entry.get("critical", False)
    subject = None
    if "amazon_subject" in entry:
        subject = subjects.get(entry["amazon_subject"])
        if subject is None:
            raise TemplateError(f"{where}: `amazon_subject` {entry['amazon_subject']!r} is not in "
                                f"{SUBJECTS_FILE.name} (known: {', '.join(subjects)})")
    if critical and subject is None:
        raise TemplateError(f"{where}: a critical message needs `amazon_subject`: the subject that reaches "
                            f"buyers who opted out (policy-facts §2.3)")
    text = _texts(entry["text"], langs)
    if "fr" in text:
        text["fr"] = french_spaces(text["fr"])
    for lang in langs:
        _check_text(where, tuple(declared), lang, text[lang])
    guidance_key = _BY_KIND[kind]
    false_alarms = {lang: frozenset([rules] if isinstance(rules, str) else rules)
                    for lang, rules in (entry.get("known_checker_false_alarm") or {}).items()}
    return Template(
        id=entry["id"], kind=kind, title=_texts(entry["title"], ("zh", "en")),
        when=_texts(entry["when"], ("zh", "en")), guidance=_texts(entry[guidance_key], ("zh", "en")),
        policy_facts=str(entry["policy_facts"]), sources=_sources(entry["sources"]),
        reviewed=str(entry["reviewed"]), placeholders=tuple(declared), text=text, critical=critical,
        subject=subject, false_alarms=false_alarms, file=path.name)


@cache
def load_templates(folder: Path = TEMPLATES_DIR, placeholders_file: Path = PLACEHOLDERS_FILE,
                   subjects_file: Path = SUBJECTS_FILE) -> tuple[Template, ...]:
    """Every template, validated. A broken file raises TemplateError naming the file, template and problem."""
    catalogue = load_placeholders(placeholders_file)
    subjects = load_subjects(subjects_file)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise TemplateError(f"{folder}: no template files (*.yaml)")
    templates: list = []
    seen: dict[str, str] = {}
    for path in files:
        raw = load_yaml(path, "template", TemplateError)
        for entry in raw if isinstance(raw, list) else [raw]:
            t = _template(path, entry, catalogue, subjects)
            if t.id in seen:
                raise TemplateError(f"{path}: template {t.id}: id already used in {seen[t.id]}")
            seen[t.id] = path.name
            templates.append(t)
    return tuple(templates)


def get_template(template_id: str) -> Template:
    templates = load_templates()
    for t in templates:
        if t.id == template_id:
            return t
    raise TemplateError(f"no template {template_id!r}; known: {', '.join(t.id for t in templates)} "
                        f"(python -m snippets template list)")


def example_values(template: Template, lang: str, which: int = 0) -> dict[str, str]:
    """Sample values (from the placeholder file) that fill ``template`` in ``lang``: set 0 or set 1."""
    catalogue = load_placeholders()
    return {n: catalogue[n].examples[lang][which] for n in template.placeholders}


def check_filled(template: Template, lang: str, subject: str | None, text: str, platform: str = "amazon",
                 values: dict[str, str] | None = None):
    """The message checker's findings on a filled template, as ``(part, finding)``.

    Parts: "subject", "text", and "value NAME" for each value typed as words (format ``text`` or ``line``),
    checked on its own with the language detected from it, so that a sentence in another language than the
    template's is checked by that language's rules too. "[Important]" in the subject of a critical template
    is what Amazon asks for, so it is left out."""
    from snippets.messages import check_message, message_language

    found = [("text", f) for f in check_message(text, lang=lang, platform=platform)]
    if subject is not None:
        found += [("subject", f) for f in check_message(subject, lang=lang, platform=platform)
                  if not (template.critical and f.rule == IMPORTANT_RULE)]
    catalogue = load_placeholders()
    seen = {f.rule for _, f in found}
    for name, value in (values or {}).items():
        if catalogue[name].format.name not in ("text", "line"):
            continue
        own = message_language(value, None)
        if own == lang:
            continue
        found += [(f"value {name}", f) for f in check_message(value, lang=own, platform=platform)
                  if f.rule not in seen]
    return found
