"""The templates page of the site: ``<!-- generated: reply-templates -->`` (see ``snippets/site/generated.py``)."""

from __future__ import annotations

from snippets.templates.model import LANG_NAMES, Template, load_placeholders, load_templates

_WORDS = {
    "zh": {"replies": "回复买家", "letters": "写给平台的信", "when": "何时使用：", "check": "发送前先核对：",
           "evidence": "要附上的证据：", "placeholders": "占位符：", "source": "依据：", "subject": "主题：",
           "text": "正文：", "sep": "；", "critical": "关键消息",
           "letters_intro": "用英文提交（平台用英文审核）。按实际情况填写每个占位符，只写能用附件证明的事实。",
           "format": "格式", "fill": "在浏览器中填写并检查", "guide": "使用说明", "texts": "模板正文（{n} 种语言）",
           "letter_text": "信件正文（英文）"},
    "en": {"replies": "Replies to buyers", "letters": "Letters to the marketplace", "when": "When to use it:",
           "check": "Check first:", "evidence": "Evidence to attach:", "placeholders": "Placeholders:",
           "source": "Sources:", "subject": "Subject:", "text": "Message:", "sep": "; ",
           "critical": "Critical message",
           "letters_intro": "Submitted in English, the language they are reviewed in. Fill every placeholder "
                            "with the facts of your case, and write only what the attachments prove.",
           "format": "format", "fill": "Fill in and check in the browser", "guide": "when to use it",
           "texts": "The text in {n} languages", "letter_text": "The letter (English)"},
}


def _fenced(s: str, indent: str = "    ") -> list[str]:
    # inside a content tab every line is indented; empty lines stay empty
    return [f"{indent}```text", *[(indent + line) if line.strip() else "" for line in s.split("\n")],
            f"{indent}```"]


def _head(t: Template, lang: str) -> list[str]:
    words, catalogue = _WORDS[lang], load_placeholders()
    out = [f"### {t.title[lang]} {{ #{t.id} }}", ""]
    if t.critical:
        out += [f"!!! warning \"{words['critical']}\"", "", f"    {t.when[lang]}", ""]
    else:
        out += [f"**{words['when']}** {t.when[lang]}", ""]
    out += [f"**{words['check'] if t.kind == 'reply' else words['evidence']}** {t.guidance[lang]}", ""]
    if t.subject is not None:
        out += [f"**{words['subject']}** `{t.subject_line}`. {t.subject.note[lang]}", ""]
    out += [f"**{words['placeholders']}**", ""]
    for n in t.placeholders:
        p = catalogue[n]
        out.append(f"- `{{{n}}}`: {p.meaning(lang)}")
    links = words["sep"].join(f"[{text}]({url})" for text, url in t.sources)
    out += ["", f"<small>{words['source']} {links} · ID `{t.id}`</small>", ""]
    out += [f"[{words['fill']}](fill-template.md#{FILL_ANCHOR}{t.id}){{ .fill-link }}", ""]
    return out


FILL_ANCHOR = "fill-"  # fill-template.md#fill-ID opens the in-page form on that template (inpage-tools.js)


def reply_templates_markdown(lang: str) -> str:
    """Every template for the site, grouped: replies to buyers (one content tab per buyer language, each
    holding the text in a fenced block with a copy button), then letters to the marketplace (English).

    The texts sit in a collapsed block (pymdownx.details) under each template's guidance: the page is read as a
    list of situations, and a phone does not lay out some 200 text blocks before it can scroll (Lighthouse)."""
    words = _WORDS[lang]
    templates = load_templates()
    out = [f"## {words['replies']} {{ #replies }}", ""]
    for t in (t for t in templates if t.kind == "reply"):
        out += _head(t, lang)
        out += [f'??? example tpl-texts "{words["texts"].format(n=len(t.languages))}"', ""]
        for code in t.languages:
            out += [f'    === "{LANG_NAMES[code]}"', ""]
            if t.subject_line is not None:
                out += [f"        {words['subject']}", "", *_fenced(t.subject_line, "        "), "",
                        f"        {words['text']}", ""]
            out += [*_fenced(t.text[code], "        "), ""]
    out += [f"## {words['letters']} {{ #letters }}", "", words["letters_intro"], ""]
    for t in (t for t in templates if t.kind == "letter"):
        out += _head(t, lang)
        out += [f'??? example tpl-texts "{words["letter_text"]}"', "", *_fenced(t.text["en"]), ""]
    return "\n".join(out) + "\n"


def fill_links_markdown(lang: str) -> str:
    """The list under the in-page template form: every template by title, each a link that opens the form on it
    (``#fill-ID``, read by inpage-tools.js) and a link to its guidance on the templates page."""
    words = _WORDS[lang]
    out = []
    for kind in ("reply", "letter"):
        out += [f"**{words['replies' if kind == 'reply' else 'letters']}**", ""]
        for t in (t for t in load_templates() if t.kind == kind):
            out.append(f"- [{t.title[lang]}](#{FILL_ANCHOR}{t.id}){{ #{FILL_ANCHOR}{t.id} .fill-link }} · "
                       f"[{words['guide']}](templates.md#{t.id})")
        out.append("")
    return "\n".join(out) + "\n"
