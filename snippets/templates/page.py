"""The templates page of the site: ``<!-- generated: reply-templates -->`` (see ``snippets/site/generated.py``)."""

from __future__ import annotations

from snippets.templates.model import LANG_NAMES, Template, load_placeholders, load_templates

_WORDS = {
    "zh": {"replies": "回复买家", "letters": "写给平台的信", "when": "何时使用：", "check": "发送前先核对：",
           "evidence": "要附上的证据：", "placeholders": "占位符：", "source": "依据：", "subject": "主题：",
           "text": "正文：", "sep": "；", "critical": "关键消息",
           "letters_intro": "用英文提交（平台用英文审核）。按实际情况填写每个占位符，只写能用附件证明的事实。",
           "format": "格式"},
    "en": {"replies": "Replies to buyers", "letters": "Letters to the marketplace", "when": "When to use it:",
           "check": "Check first:", "evidence": "Evidence to attach:", "placeholders": "Placeholders:",
           "source": "Sources:", "subject": "Subject:", "text": "Message:", "sep": "; ",
           "critical": "Critical message",
           "letters_intro": "Submitted in English, the language they are reviewed in. Fill every placeholder "
                            "with the facts of your case, and write only what the attachments prove.",
           "format": "format"},
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
    return out


def reply_templates_markdown(lang: str) -> str:
    """Every template for the site, grouped: replies to buyers (one content tab per buyer language, each
    holding the text in a fenced block with a copy button), then letters to the marketplace (English)."""
    words = _WORDS[lang]
    templates = load_templates()
    out = [f"## {words['replies']} {{ #replies }}", ""]
    for t in (t for t in templates if t.kind == "reply"):
        out += _head(t, lang)
        for code in t.languages:
            out += [f'=== "{LANG_NAMES[code]}"', ""]
            if t.subject_line is not None:
                out += [f"    {words['subject']}", "", *_fenced(t.subject_line), "", f"    {words['text']}", ""]
            out += [*_fenced(t.text[code]), ""]
    out += [f"## {words['letters']} {{ #letters }}", "", words["letters_intro"], ""]
    for t in (t for t in templates if t.kind == "letter"):
        out += _head(t, lang)
        out += [*_fenced(t.text["en"], indent=""), ""]
    return "\n".join(out) + "\n"
