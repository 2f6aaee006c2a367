"""Reply templates for buyer messages (``snippets/data/templates/*.yaml``): load, fill, check, and show on the site.

Each file holds one template (or a list of them); files are read in name order, which is the page order: an ``id``, a title and a when-to-use note in Chinese and
English, the policy-facts sections it rests on (``policy_facts``) and the public ``sources`` behind them, the
``placeholders`` it uses, and the message ``text`` in every buyer language (en, de, fr, es, it, ja); a critical
message also has a ``subject`` carrying "[Important]".
Placeholders are written ``{name}``; what each means, and a realistic example per language, lives once in
``snippets/data/template_placeholders.yaml``.

    python -m snippets template list
    python -m snippets template show ID --lang de --set order_id=302-1234567-1234567 ...

``show`` prints the filled message on standard output and the message checker's report on standard error.
Exit codes are the checker's: 0 nothing at error level, 1 a finding at error level, 2 could not run.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from snippets.errors import UserError

DATA = Path(__file__).parent / "data"
TEMPLATES_DIR = DATA / "templates"
PLACEHOLDERS_FILE = DATA / "template_placeholders.yaml"
LANGS = ("en", "de", "fr", "es", "it", "ja")
LANG_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano", "ja": "日本語"}
IMPORTANT_TAG = "[Important]"
# The checker cannot know a message is critical, so it warns on "[Important]" anywhere; in the subject of a
# template marked critical the tag is what Amazon asks for (policy-facts §2.3), so that finding is expected.
IMPORTANT_RULE = "formatting.important_tag"

_NAME = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_REQUIRED = ("id", "title", "when", "policy_facts", "sources", "reviewed", "placeholders", "text")
_OPTIONAL = ("subject", "critical")


class TemplateError(UserError):
    """A template or placeholder file is broken, or a template cannot be filled."""


@dataclass(frozen=True)
class Placeholder:
    name: str
    zh: str
    en: str
    example: dict[str, str]

    def meaning(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Template:
    id: str
    title: dict[str, str]
    when: dict[str, str]
    policy_facts: str
    sources: tuple[tuple[str, str], ...]
    reviewed: str
    placeholders: tuple[str, ...]
    text: dict[str, str]
    subject: dict[str, str] | None
    critical: bool
    file: str

    def fill(self, lang: str, values: dict[str, str]) -> tuple[str | None, str]:
        """The subject (None if the template has none) and the text in ``lang``, every placeholder filled.

        A placeholder without a value raises TemplateError naming it; a value for a name the template does
        not use is an error too (a typo would otherwise be silently ignored)."""
        if lang not in LANGS:
            raise TemplateError(f"template {self.id}: no language {lang!r}; choose one of {', '.join(LANGS)}")
        unknown = sorted(set(values) - set(self.placeholders))
        if unknown:
            raise TemplateError(f"template {self.id}: it has no placeholder {', '.join(unknown)}; "
                                f"its placeholders are {', '.join(self.placeholders)}")
        missing = [n for n in self.placeholders if not str(values.get(n, "")).strip()]
        if missing:
            names = ", ".join("{" + n + "}" for n in missing)
            raise TemplateError(f"template {self.id} ({lang}): no value for {names}. Give each one with "
                                f"--set NAME=VALUE (or --example to preview with sample values).")

        def sub(s: str) -> str:  # one pass, so braces inside a value are left alone
            return _NAME.sub(lambda m: str(values[m.group(1)]).strip(), s)

        return (sub(self.subject[lang]) if self.subject else None), sub(self.text[lang])


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise TemplateError(f"{path}: cannot be read: {err.strerror}") from err
    except yaml.YAMLError as err:
        raise TemplateError(f"{path}: not valid YAML: {err}") from err


def _lang_map(where: str, key: str, value, langs) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TemplateError(f"{where}: `{key}` must map each of {', '.join(langs)} to a text")
    missing = [lang for lang in langs if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise TemplateError(f"{where}: `{key}` has no text for {', '.join(missing)}")
    extra = sorted(set(value) - set(langs))
    if extra:
        raise TemplateError(f"{where}: `{key}` has unknown language(s) {', '.join(map(str, extra))}")
    return {lang: value[lang].rstrip("\n") for lang in langs}


@cache
def load_placeholders(path: Path = PLACEHOLDERS_FILE) -> dict[str, Placeholder]:
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise TemplateError(f"{path}: expected a mapping of placeholder names")
    found = {}
    for name, entry in raw.items():
        where = f"{path}: placeholder {name}"
        if not isinstance(name, str) or not _NAME.fullmatch("{" + name + "}"):
            raise TemplateError(f"{where}: a name is lower-case letters, digits and _")
        if not isinstance(entry, dict) or not entry.get("zh") or not entry.get("en"):
            raise TemplateError(f"{where}: needs `zh` and `en` (what it means) and `example`")
        example = _lang_map(where, "example", entry.get("example"), LANGS)
        found[name] = Placeholder(name, entry["zh"], entry["en"], example)
    return found


def _check_text(where: str, declared: tuple[str, ...], lang: str, parts: dict[str, str]) -> None:
    used = set()
    for part, s in parts.items():
        names = _NAME.findall(s)
        stray = re.sub(_NAME, "", s)
        if "{" in stray or "}" in stray:
            raise TemplateError(f"{where}: `{part}` ({lang}) has a brace that is not a placeholder; "
                                f"write placeholders as {{name}}")
        undeclared = sorted(set(names) - set(declared))
        if undeclared:
            raise TemplateError(f"{where}: `{part}` ({lang}) uses {', '.join(undeclared)}, "
                                f"not declared in `placeholders`")
        used.update(names)
    unused = [n for n in declared if n not in used]
    if unused:
        raise TemplateError(f"{where}: the {lang} text does not use declared placeholder(s) {', '.join(unused)}")


def _sources(where: str, value) -> tuple[tuple[str, str], ...]:
    ok = isinstance(value, list) and value and all(
        isinstance(s, dict) and s.get("text") and str(s.get("url", "")).startswith("https://") for s in value)
    if not ok:
        raise TemplateError(f"{where}: `sources` must be a list of {{text, url}} with https:// URLs (from policy-facts)")
    return tuple((s["text"], s["url"]) for s in value)


def _template(path: Path, i: int, entry, catalogue: dict[str, Placeholder]) -> Template:
    label = entry.get("id", "?") if isinstance(entry, dict) else "?"
    where = f"{path}: template {label}" if label != "?" else f"{path}: template #{i}"
    if not isinstance(entry, dict):
        raise TemplateError(f"{where}: expected a mapping")
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise TemplateError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise TemplateError(f"{where}: unknown field(s) {', '.join(unknown)}")
    if not isinstance(entry["id"], str) or not re.fullmatch(r"[a-z][a-z0-9_]*", entry["id"]):
        raise TemplateError(f"{where}: `id` must be lower-case letters, digits and _")
    declared = entry["placeholders"]
    if not isinstance(declared, list) or not all(isinstance(n, str) for n in declared):
        raise TemplateError(f"{where}: `placeholders` must be a list of names")
    for name in declared:
        if name not in catalogue:
            raise TemplateError(f"{where}: placeholder {name} is not described in {PLACEHOLDERS_FILE.name}")
    if len(set(declared)) != len(declared):
        raise TemplateError(f"{where}: a placeholder is listed twice")
    critical = entry.get("critical", False)
    if not isinstance(critical, bool):
        raise TemplateError(f"{where}: `critical` must be true or false")
    text = _lang_map(where, "text", entry["text"], LANGS)
    subject = _lang_map(where, "subject", entry["subject"], LANGS) if "subject" in entry else None
    for lang in LANGS:
        parts = {"text": text[lang], **({"subject": subject[lang]} if subject else {})}
        _check_text(where, tuple(declared), lang, parts)
        if IMPORTANT_TAG.lower() in text[lang].lower():
            raise TemplateError(f"{where}: \"{IMPORTANT_TAG}\" belongs in the subject, not the {lang} text")
        tagged = bool(subject) and (subject[lang].startswith(IMPORTANT_TAG) or subject[lang].endswith(IMPORTANT_TAG))
        if critical and not tagged:
            raise TemplateError(f"{where}: a critical message needs a `subject` starting or ending with "
                                f"\"{IMPORTANT_TAG}\" in every language ({lang} has none; policy-facts §2.3)")
        if not critical and subject and IMPORTANT_TAG.lower() in subject[lang].lower():
            raise TemplateError(f"{where}: \"{IMPORTANT_TAG}\" is only for critical messages; "
                                f"set `critical: true` or remove it ({lang}; policy-facts §2.3)")
    return Template(
        id=entry["id"], title=_lang_map(where, "title", entry["title"], ("zh", "en")),
        when=_lang_map(where, "when", entry["when"], ("zh", "en")), policy_facts=str(entry["policy_facts"]),
        sources=_sources(where, entry["sources"]),
        reviewed=str(entry["reviewed"]), placeholders=tuple(declared), text=text, subject=subject,
        critical=critical, file=path.name)


@cache
def load_templates(folder: Path = TEMPLATES_DIR, placeholders_file: Path = PLACEHOLDERS_FILE) -> tuple[Template, ...]:
    """Every template, validated. A broken file raises TemplateError naming the file, template and problem."""
    catalogue = load_placeholders(placeholders_file)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise TemplateError(f"{folder}: no template files (*.yaml)")
    templates, seen = [], {}
    for path in files:
        raw = _load_yaml(path)
        entries = raw if isinstance(raw, list) else [raw]
        for i, entry in enumerate(entries, 1):
            t = _template(path, i, entry, catalogue)
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


def example_values(template: Template, lang: str) -> dict[str, str]:
    """The sample values (from the placeholder file) that fill ``template`` in ``lang``."""
    catalogue = load_placeholders()
    return {n: catalogue[n].example[lang] for n in template.placeholders}


def check_filled(template: Template, lang: str, subject: str | None, text: str, platform: str = "amazon"):
    """The message checker's findings on a filled template, as ``(part, finding)`` with part "subject" or
    "text". "[Important]" in the subject of a critical template is what Amazon asks for, so it is left out."""
    from snippets.messages import check_message

    found = [("text", f) for f in check_message(text, lang=lang, platform=platform)]
    if subject is not None:
        found += [("subject", f) for f in check_message(subject, lang=lang, platform=platform)
                  if not (template.critical and f.rule == IMPORTANT_RULE)]
    return found


# --- the site page ---------------------------------------------------------------------------------------

_PAGE = {
    "zh": {"when": "何时使用：", "placeholders": "占位符：", "source": "依据：", "subject": "主题（单独填写）：",
           "text": "正文：", "sep": "；", "critical": "关键消息：主题以 [Important] 开头或结尾"},
    "en": {"when": "When to use it:", "placeholders": "Placeholders:", "source": "Sources:",
           "subject": "Subject (entered separately):", "text": "Message:", "sep": "; ",
           "critical": "Critical message: the subject starts or ends with [Important]"},
}


def _fenced(s: str) -> list[str]:
    # inside a content tab every line is indented by 4 spaces; empty lines stay empty
    return ["    ```text", *[("    " + line) if line.strip() else "" for line in s.split("\n")], "    ```"]


def reply_templates_markdown(lang: str) -> str:
    """Every template for the site: per situation the when-to-use note in the page language, the
    placeholders, then one content tab per buyer language holding the text in a fenced block."""
    words, catalogue = _PAGE[lang], load_placeholders()
    out = []
    for t in load_templates():
        out += [f"## {t.title[lang]} {{ #{t.id.replace('_', '-')} }}", ""]
        if t.critical:
            out += [f"!!! warning \"{words['critical']}\"", "", f"    {t.when[lang]}", ""]
        else:
            out += [f"**{words['when']}** {t.when[lang]}", ""]
        out += [f"**{words['placeholders']}**", ""]
        out += [f"- `{{{n}}}`: {catalogue[n].meaning(lang)}" for n in t.placeholders]
        links = words["sep"].join(f"[{text}]({url})" for text, url in t.sources)
        out += ["", f"<small>{words['source']} {links} · ID `{t.id}`</small>", ""]
        for code in LANGS:
            out += [f'=== "{LANG_NAMES[code]}"', ""]
            if t.subject:
                out += [f"    {words['subject']}", "", *_fenced(t.subject[code]), "", f"    {words['text']}", ""]
            out += [*_fenced(t.text[code]), ""]
    return "\n".join(out) + "\n"


# --- command line ----------------------------------------------------------------------------------------

def register(sub) -> None:
    p = sub.add_parser("template", help="reply templates for buyer messages: list, or show one filled and checked",
                       description="Reply templates in six buyer languages. `show` prints the filled message on "
                                   "standard output and the checker's report on standard error. Exit codes: 0 "
                                   "nothing at error level, 1 a finding at error level, 2 could not run.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list the templates with their placeholders")
    show = actions.add_parser("show", help="fill a template in one language and run the message checker on it")
    show.add_argument("id", metavar="ID", help="template id (see `template list`)")
    show.add_argument("--lang", required=True, choices=LANGS, help="the buyer's language")
    show.add_argument("--set", dest="values", action="append", default=[], metavar="NAME=VALUE",
                      help="a placeholder's value; repeat for each placeholder")
    show.add_argument("--example", action="store_true",
                      help="fill placeholders not given with --set with sample values (to preview)")
    show.add_argument("--platform", default="amazon", choices=("amazon", "ebay", "walmart"),
                      help="marketplace whose message rules apply (default: amazon)")
    p.set_defaults(func=_run)


def _parse_values(items: list[str]) -> dict[str, str]:
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise TemplateError(f"--set {item!r}: write it as NAME=VALUE, e.g. --set order_id=113-1234567-1234567")
        values[name.strip()] = value
    return values


def _run(args) -> int:
    if args.action == "list":
        for t in load_templates():
            names = " ".join("{" + n + "}" for n in t.placeholders)
            flag = "  [critical]" if t.critical else ""
            print(f"{t.id}{flag}\n    {t.title['zh']} / {t.title['en']}\n    {names}")
        return 0
    from snippets.messages.report import format_text
    from snippets.messages.rules import RULES_DIR, load_rules

    template = get_template(args.id)
    values = _parse_values(args.values)
    if args.example:
        values = {**example_values(template, args.lang), **values}
    subject, text = template.fill(args.lang, values)
    if subject is not None:
        print(f"Subject: {subject}\n")
    print(text)
    findings = check_filled(template, args.lang, subject, text, args.platform)
    rules = load_rules(RULES_DIR)
    if template.critical:
        print(f"{args.id}:subject: \"{IMPORTANT_TAG}\" is expected here: this is a critical message "
              f"(policy-facts §2.3), so the checker's warning on it is not shown", file=sys.stderr)
    for part, s in (("subject", subject), ("text", text)):
        if s is not None:
            mine = [f for p, f in findings if p == part]
            print(format_text(f"{args.id}:{part}", s, mine, args.lang, args.platform, rules), file=sys.stderr)
    return int(any(f.severity == "error" for _, f in findings))
