"""The template library of the site (see ``snippets/site/generated.py``).

The library is an index page (``messaging/templates.md``: how to use the templates, ``<!-- generated:
template-groups -->``) and one page per group of situations (``messaging/templates-GROUP.md``, ``<!-- generated:
reply-templates-GROUP -->``). One page with all 36 templates was 3,500 elements, the slowest page of the site on
a phone (Lighthouse); a group page is a quarter of that. ``GROUPS`` says which template is on which page; links to
a template go to ``templates-GROUP.md#ID`` (``page_of``), and the index page sends an old ``templates/#ID``
link on to the template's page (theme-fixes.js)."""

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


def _head(t: Template, lang: str, level: str = "###") -> list[str]:
    words, catalogue = _WORDS[lang], load_placeholders()
    out = [f"{level} {t.title[lang]} {{ #{t.id} }}", ""]
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

# (slug, title, template IDs in page order): one page messaging/templates-SLUG.md each. Every template is in
# exactly one group (tests/test_templates.py); a new template needs a place here.
GROUPS: tuple[tuple[str, dict[str, str], tuple[str, ...]], ...] = (
    ("shipping", {"zh": "模板：发货、配送与取消", "en": "Templates: shipping, delivery and cancellations"},
     ("address_problem", "customisation_confirmation", "shipping_delay_notice", "order_delayed",
      "delivered_not_received", "late_delivery_apology", "cancel_before_shipment", "cancel_after_shipment",
      "out_of_stock_cancelled")),
    ("item-problems", {"zh": "模板：商品问题", "en": "Templates: problems with the item"},
     ("damaged_or_defective", "wrong_item", "not_as_described", "missing_part", "defective_after_use",
      "wrong_variant_ordered", "warranty_claim", "partial_refund_offer", "replacement_shipped")),
    ("returns", {"zh": "模板：退货与退款", "en": "Templates: returns and refunds"},
     ("return_authorised", "return_inspected", "refund_issued", "refund_delayed_by_inspection", "suspected_abuse")),
    ("questions", {"zh": "模板：咨询、留评与差评跟进", "en": "Templates: questions, reviews and feedback"},
     ("product_question", "usage_help", "invoice_request", "unsupported_language", "review_request",
      "negative_feedback_follow_up")),
    ("letters", {"zh": "模板：写给亚马逊的信", "en": "Templates: letters to Amazon"},
     ("poa_order_defect_rate", "poa_late_shipment_rate", "poa_cancellation_rate", "poa_ip_complaint",
      "poa_review_policy", "a_to_z_response", "chargeback_representment")),
)


def page_of(template_id: str) -> str:
    """The library page that holds a template, relative to docs/LANG/messaging/."""
    for slug, _title, ids in GROUPS:
        if template_id in ids:
            return f"templates-{slug}.md"
    raise KeyError(f"template '{template_id}' is in no group of snippets/templates/page.py GROUPS")


def _texts(t: Template, lang: str) -> list[str]:
    words = _WORDS[lang]
    if t.kind == "letter":
        return [f'??? example tpl-texts "{words["letter_text"]}"', "", *_fenced(t.text["en"]), ""]
    out = [f'??? example tpl-texts "{words["texts"].format(n=len(t.languages))}"', ""]
    for code in t.languages:
        out += [f'    === "{LANG_NAMES[code]}"', ""]
        if t.subject_line is not None:
            out += [f"        {words['subject']}", "", *_fenced(t.subject_line, "        "), "",
                    f"        {words['text']}", ""]
        out += [*_fenced(t.text[code], "        "), ""]
    return out


def group_markdown(slug: str, lang: str) -> str:
    """One library page: its templates in order, each a level-2 section with its guidance and its folded texts
    (one content tab per buyer language, each text in a fenced block with a copy button)."""
    by_id = {t.id: t for t in load_templates()}
    ids = next(ids for s, _title, ids in GROUPS if s == slug)
    out: list[str] = []
    if slug == "letters":
        out += [_WORDS[lang]["letters_intro"], ""]
    for template_id in ids:
        out += _head(by_id[template_id], lang, "##") + _texts(by_id[template_id], lang)
    return "\n".join(out) + "\n"


def groups_markdown(lang: str) -> str:
    """The index of the library: each group's page and, under it, its templates (links to their sections)."""
    by_id = {t.id: t for t in load_templates()}
    out: list[str] = []
    for slug, title, ids in GROUPS:
        out += [f"### [{title[lang]}](templates-{slug}.md)", ""]
        out += [f"- [{by_id[i].title[lang]}](templates-{slug}.md#{i})" for i in ids] + [""]
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
                       f"[{words['guide']}]({page_of(t.id)}#{t.id})")
        out.append("")
    return "\n".join(out) + "\n"
