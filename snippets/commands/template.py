"""``python -m snippets template``: list the templates, or fill one and check it.

    python -m snippets template list [--lang L] [--format table|json]
    python -m snippets template show ID [--lang L] --set NAME=VALUE ... [--example]

``show`` prints the filled message on standard output and the message checker's report on standard error.
Exit codes: 0 nothing at error level, 1 a finding at error level, 2 could not run (unknown template, a value
missing, unknown or in the wrong format).
"""

from __future__ import annotations

import json
import sys

from snippets.markets import BUYER_LANGUAGES as LANGS  # the languages templates are written in


def register(sub) -> None:
    p = sub.add_parser("template", help="reply templates and letters to the marketplace: list, or fill and check one",
                       description="Reply templates in six buyer languages and letters to the marketplace in "
                                   "English. `show` prints the filled message on standard output and the "
                                   "checker's report on standard error. Exit codes: 0 nothing at error level, "
                                   "1 a finding at error level, 2 could not run.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    lister = actions.add_parser("list", help="list the templates with their languages and placeholders")
    lister.add_argument("--lang", choices=LANGS, help="only templates written in this language")
    lister.add_argument("--format", default="table", choices=("table", "json"),
                        help="table (default) or json: an array of {id, title_zh, title_en, languages, placeholders}")
    show = actions.add_parser("show", help="fill a template in one language and run the message checker on it")
    show.add_argument("id", metavar="ID", help="template id (see `template list`)")
    show.add_argument("--lang", choices=LANGS,
                      help="the buyer's language (a letter to the marketplace is in English, the default for it)")
    show.add_argument("--set", dest="values", action="append", default=[], metavar="NAME=VALUE",
                      help="a placeholder's value; repeat for each placeholder")
    show.add_argument("--example", action="store_true",
                      help="fill placeholders not given with --set with sample values (to preview)")
    show.add_argument("--platform", default="amazon", choices=("amazon", "ebay", "walmart"),
                      help="marketplace whose message rules apply (default: amazon)")
    p.set_defaults(func=_run)


def _parse_values(items: list[str]) -> dict[str, str]:
    from snippets.templates import TemplateError

    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise TemplateError(f"--set {item!r}: write it as NAME=VALUE, e.g. --set order_id=113-1234567-1234567")
        if name.strip() in values:
            raise TemplateError(f"--set {name.strip()} is given twice")
        values[name.strip()] = value
    return values


def _list(args) -> int:
    from snippets.templates import load_placeholders, load_templates

    templates = [t for t in load_templates() if args.lang is None or args.lang in t.languages]
    if args.format == "json":
        rows = [{"id": t.id, "title_zh": t.title["zh"], "title_en": t.title["en"], "languages": list(t.languages),
                 "placeholders": list(t.placeholders)} for t in templates]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    catalogue = load_placeholders()
    for t in templates:
        flag = "  [critical]" if t.critical else ""
        kind = "letter to the marketplace" if t.kind == "letter" else "reply"
        shown = [f"{{{n}}}" if catalogue[n].format.name in ("line", "text", n) else
                 f"{{{n}}} ({catalogue[n].format.name})" for n in t.placeholders]
        names = ", ".join(shown)
        print(f"{t.id}{flag}\n    {t.title['zh']} / {t.title['en']}\n    {kind}; {' '.join(t.languages)}\n"
              f"    {names}")
    return 0


def _run(args) -> int:
    if args.action == "list":
        return _list(args)
    from snippets.messages.report import format_text
    from snippets.messages.rules import RULES_DIR, load_rules
    from snippets.templates import IMPORTANT_TAG, TemplateError, check_filled, example_values, get_template

    template = get_template(args.id)
    lang = args.lang
    if lang is None:
        if len(template.languages) != 1:
            raise TemplateError(f"template {template.id}: give the buyer's language with --lang "
                                f"({', '.join(template.languages)})")
        lang = template.languages[0]
    if lang not in template.languages:
        raise TemplateError(f"template {template.id} is written in {', '.join(template.languages)} only, not {lang}")
    values = _parse_values(args.values)
    if args.example:
        values = {**example_values(template, lang), **values}
    subject, text = template.fill(lang, values)
    if subject is not None:
        print(f"Subject: {subject}\n")
    print(text)
    findings = check_filled(template, lang, subject, text, args.platform, values)
    rules = load_rules(RULES_DIR)
    if template.critical:
        print(f"{args.id}:subject: \"{IMPORTANT_TAG}\" is expected here: this is a critical message "
              f"(policy-facts §2.3), so the checker's warning on it is not shown", file=sys.stderr)
    parts = [("subject", subject), ("text", text)]
    parts += [(p, values[p.split(" ", 1)[1]]) for p in dict.fromkeys(p for p, _ in findings if p.startswith("value "))]
    for part, s in parts:
        if s is not None:
            mine = [f for p, f in findings if p == part]
            print(format_text(f"{args.id}:{part}", s, mine, lang, args.platform, rules), file=sys.stderr)
    return int(any(f.severity == "error" for _, f in findings))
