"""Reply templates: every template in every language passes the message checker (the CI gate of issue 4),
placeholders are consistent, filling and the command line behave, and the site page shows every template."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest

from snippets.cli import main
from snippets.messages import check_message, message_language
from snippets.templates import (
    IMPORTANT_RULE,
    LANG_NAMES,
    LANGS,
    PLACEHOLDERS_FILE,
    TEMPLATES_DIR,
    TemplateError,
    example_values,
    get_template,
    load_placeholders,
    load_templates,
    reply_templates_markdown,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = load_templates()
IDS = [t.id for t in TEMPLATES]
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")

# A second set of realistic values, besides the examples kept with the placeholder descriptions: other
# carriers and tracking formats (Amazon Logistics TBA, Japan Post 12 digits), names with accents, amounts.
OTHER_VALUES = {
    "en": {"buyer_name": "Michael O'Brien", "order_id": "114-9876543-7654321", "seller_name": "Sunbeam Outdoor",
           "carrier": "Amazon Logistics", "tracking_number": "TBA301234567890", "new_delivery_date": "June 3",
           "delivery_date": "May 28", "product_name": "folding camping chair with cup holder",
           "refund_amount": "£18.50", "missing_detail": "the house number",
           "answer": "The chair holds up to 120 kg and folds to 90 x 15 cm. It comes with a carry bag."},
    "de": {"buyer_name": "Jürgen Müller", "order_id": "028-9876543-7654321", "seller_name": "Sunbeam Outdoor",
           "carrier": "Hermes", "tracking_number": "H1001234567890123456", "new_delivery_date": "Dienstag, 3. Juni",
           "delivery_date": "28. Mai", "product_name": "Klappbarer Campingstuhl mit Getränkehalter",
           "refund_amount": "18,50 €", "missing_detail": "der Name am Briefkasten",
           "answer": "Der Stuhl trägt bis zu 120 kg und misst zusammengeklappt 90 x 15 cm. Eine Tragetasche ist dabei."},
    "fr": {"buyer_name": "François Lefèvre", "order_id": "171-9876543-7654321", "seller_name": "Sunbeam Outdoor",
           "carrier": "Chronopost", "tracking_number": "XY123456789FR", "new_delivery_date": "mardi 3 juin",
           "delivery_date": "28 mai", "product_name": "chaise de camping pliante avec porte-gobelet",
           "refund_amount": "18,50 €", "missing_detail": "le code d'accès de l'immeuble",
           "answer": "La chaise supporte jusqu'à 120 kg et mesure 90 x 15 cm une fois pliée. Un sac de transport est fourni."},
    "es": {"buyer_name": "José Martínez", "order_id": "406-9876543-7654321", "seller_name": "Sunbeam Outdoor",
           "carrier": "SEUR", "tracking_number": "2901234567", "new_delivery_date": "martes 3 de junio",
           "delivery_date": "28 de mayo", "product_name": "silla de camping plegable con portavasos",
           "refund_amount": "18,50 €", "missing_detail": "el número de la calle",
           "answer": "La silla soporta hasta 120 kg y plegada mide 90 x 15 cm. Incluye una bolsa de transporte."},
    "it": {"buyer_name": "Niccolò Bianchi", "order_id": "171-1234567-7654321", "seller_name": "Sunbeam Outdoor",
           "carrier": "Poste Italiane", "tracking_number": "RR123456789IT", "new_delivery_date": "martedì 3 giugno",
           "delivery_date": "28 maggio", "product_name": "sedia da campeggio pieghevole con portabicchiere",
           "refund_amount": "18,50 €", "missing_detail": "il numero dell'interno",
           "answer": "La sedia regge fino a 120 kg e chiusa misura 90 x 15 cm. È inclusa una borsa per il trasporto."},
    "ja": {"buyer_name": "佐藤 健", "order_id": "249-9876543-7654321", "seller_name": "Sunbeam Outdoor",
           "carrier": "日本郵便", "tracking_number": "123456789012", "new_delivery_date": "6月3日（火）",
           "delivery_date": "5月28日", "product_name": "折りたたみキャンプチェア（ドリンクホルダー付き）",
           "refund_amount": "1,980円", "missing_detail": "建物名",
           "answer": "耐荷重は120kgで、折りたたみ時のサイズは90×15cmです。収納袋が付属しております。"},
}


def _values(template, lang, which):
    if which == "examples":
        return example_values(template, lang)
    return {n: OTHER_VALUES[lang][n] for n in template.placeholders}


# --- the CI gate: every template, every language, no finding at warning or error level ---------------------

@pytest.mark.parametrize("which", ["examples", "other"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template_id", IDS)
def test_filled_template_passes_the_message_checker(template_id, lang, which):
    template = get_template(template_id)
    subject, text = template.fill(lang, _values(template, lang, which))
    found = [f"{f.severity} {f.rule} {f.match!r}" for f in check_message(text, lang=lang, platform="amazon")
             if f.severity in ("warning", "error")]
    assert found == [], f"{template_id} ({lang}) text:\n{text}"
    if subject is not None:
        # "[Important]" is the one thing the checker may say about a critical message's subject
        found = [f.rule for f in check_message(subject, lang=lang, platform="amazon")
                 if f.severity in ("warning", "error")]
        assert set(found) <= ({IMPORTANT_RULE} if template.critical else set()), subject


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("template_id", IDS)
def test_checker_without_lang_detects_the_template_language(template_id, lang):
    # the pages tell agents to run `python -m snippets check reply.txt`, without --lang
    template = get_template(template_id)
    _, text = template.fill(lang, example_values(template, lang))
    assert message_language(text, None) == lang
    assert [f.rule for f in check_message(text) if f.severity in ("warning", "error")] == []


def test_the_ten_situations_exist_in_six_languages():
    assert {"order_delayed", "delivered_not_received", "damaged_or_defective", "wrong_item", "return_authorised",
            "refund_issued", "cancel_before_shipment", "address_problem", "review_request",
            "product_question"} <= set(IDS)
    assert all(tuple(t.text) == LANGS for t in TEMPLATES)
    assert LANGS == ("en", "de", "fr", "es", "it", "ja")


def test_only_the_address_problem_is_critical_and_its_subject_carries_the_tag():
    assert [t.id for t in TEMPLATES if t.critical] == ["address_problem"]
    subject = get_template("address_problem").subject
    assert all(s.startswith("[Important]") or s.endswith("[Important]") for s in subject.values())
    assert all(t.subject is None for t in TEMPLATES if not t.critical)


def test_every_template_that_concerns_an_order_names_it():
    for t in TEMPLATES:
        if t.id != "product_question":  # a product question may come before any order
            assert all("{order_id}" in t.text[lang] for lang in LANGS), t.id


def test_the_review_request_stays_neutral():
    # nothing offered and no rating asked for (policy-facts §2.4); checked by the gate too, and by hand here
    t = get_template("review_request")
    assert not re.search(r"\b(?:5|five|star|positive|discount|refund|gift|coupon)\b", t.text["en"], re.I)
    assert not re.search(r"星|★|高評価|返金|クーポン", t.text["ja"])


# --- placeholders --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("template_id", IDS)
def test_placeholders_used_are_declared_and_declared_are_used_in_every_language(template_id):
    t = get_template(template_id)
    for lang in LANGS:
        used = set(PLACEHOLDER.findall(t.text[lang] + (t.subject[lang] if t.subject else "")))
        assert used == set(t.placeholders), (template_id, lang)
        assert "{" not in PLACEHOLDER.sub("", t.text[lang]), (template_id, lang)


def test_every_placeholder_has_a_meaning_and_an_example_per_language():
    catalogue = load_placeholders()
    for t in TEMPLATES:
        for name in t.placeholders:
            p = catalogue[name]
            assert p.zh and p.en and set(p.example) == set(LANGS)


def test_a_missing_value_is_an_error_naming_the_placeholder():
    t = get_template("order_delayed")
    values = example_values(t, "fr")
    del values["tracking_number"]
    with pytest.raises(TemplateError, match=r"no value for \{tracking_number\}"):
        t.fill("fr", values)
    with pytest.raises(TemplateError, match=r"\{carrier\}"):
        t.fill("fr", {**values, "tracking_number": "6A12345678901", "carrier": "  "})


def test_an_unknown_placeholder_name_is_an_error():
    t = get_template("refund_issued")
    with pytest.raises(TemplateError, match="no placeholder refund_amout"):
        t.fill("en", {**example_values(t, "en"), "refund_amout": "$5"})


def test_fill_puts_each_value_in_place_and_leaves_braces_in_values_alone():
    t = get_template("refund_issued")
    values = {"buyer_name": "Ann {order_id}", "order_id": "113-1111111-2222222", "refund_amount": "$9.99",
              "seller_name": "Northwind Home"}
    subject, text = t.fill("en", values)
    assert subject is None
    assert text.startswith("Hello Ann {order_id},\n")
    assert "a refund of $9.99 for order 113-1111111-2222222." in text
    assert text.endswith("Northwind Home")


# --- a broken file names the file, the template and the problem --------------------------------------------

GOOD = """\
id: demo
title: {zh: 示例, en: Demo}
when: {zh: 测试用, en: For tests}
policy_facts: "§2.1"
sources: [{text: Amazon, url: "https://sellercentral.amazon.com/"}]
reviewed: 2026-11-22
placeholders: [order_id]
text:
  en: "Order {order_id}."
  de: "Bestellung {order_id}."
  fr: "Commande {order_id}."
  es: "Pedido {order_id}."
  it: "Ordine {order_id}."
  ja: "注文番号 {order_id}。"
"""


def _load(tmp_path, body, name="demo.yaml"):
    (tmp_path / name).write_text(body, encoding="utf-8")
    return load_templates(tmp_path, PLACEHOLDERS_FILE)


def test_a_valid_file_loads(tmp_path):
    assert [t.id for t in _load(tmp_path, GOOD)] == ["demo"]


@pytest.mark.parametrize(("change", "problem"), [
    (("Ordine {order_id}.", "Ordine {order_id} per {buyer_name}."), "`text` (it) uses buyer_name, not declared"),
    (("Pedido {order_id}.", "Pedido."), "the es text does not use declared placeholder(s) order_id"),
    (('  ja: "注文番号 {order_id}。"\n', ""), "`text` has no text for ja"),
    (("Order {order_id}.", "Order {order id}."), "`text` (en) has a brace that is not a placeholder"),
    (("placeholders: [order_id]", "placeholders: [order_id, order_number]"),
     "placeholder order_number is not described"),
    (("reviewed: 2026-11-22\n", "reviewed: 2026-11-22\ncritical: true\n"), "a critical message needs a `subject`"),
    (("reviewed: 2026-11-22\n", "reviewed: 2026-11-22\ncolour: red\n"), "unknown field(s) colour"),
    (("sources: [{text: Amazon, url: \"https://sellercentral.amazon.com/\"}]\n", ""), "missing sources"),
])
def test_a_broken_template_names_file_template_and_problem(tmp_path, change, problem):
    with pytest.raises(TemplateError) as err:
        _load(tmp_path, GOOD.replace(*change))
    message = str(err.value)
    assert str(tmp_path / "demo.yaml") in message and "template demo" in message
    assert problem in message


def test_important_outside_a_critical_message_is_rejected(tmp_path):
    subject = "subject:\n" + "".join(f"  {lang}: \"[Important] {{order_id}}\"\n" for lang in LANGS)
    with pytest.raises(TemplateError, match=r"only for critical messages"):
        _load(tmp_path, GOOD + subject)
    (tmp_path / "critical").mkdir()
    assert [t.critical for t in _load(tmp_path / "critical", GOOD + subject + "critical: true\n")] == [True]


def test_invalid_yaml_and_duplicate_ids_name_the_file(tmp_path):
    with pytest.raises(TemplateError, match=r"bad\.yaml: not valid YAML"):
        _load(tmp_path, "id: [unclosed\n", "bad.yaml")
    (tmp_path / "bad.yaml").unlink()
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"b\.yaml: template demo: id already used in a\.yaml"):
        _load(tmp_path, GOOD, "b.yaml")


# --- command line --------------------------------------------------------------------------------------------

def test_cli_list_names_every_template(capsys):
    assert main(["template", "list"]) == 0
    out = capsys.readouterr().out
    assert all(i in out for i in IDS)
    assert "address_problem  [critical]" in out


def test_cli_show_prints_the_filled_text_and_a_clean_check(capsys):
    t = get_template("order_delayed")
    args = [f"--set={n}={v}" for n, v in example_values(t, "de").items()]
    assert main(["template", "show", "order_delayed", "--lang", "de", *args]) == 0
    out, err = capsys.readouterr()
    assert out == t.fill("de", example_values(t, "de"))[1] + "\n"
    assert "order_delayed:text: no findings; language de, platform amazon" in err


def test_cli_show_critical_prints_subject_and_explains_the_tag(capsys):
    assert main(["template", "show", "address_problem", "--lang", "ja", "--example"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Subject: [Important] ご注文 503-4567890-1234567 のお届け先について\n\n")
    assert "is expected here: this is a critical message" in err


def test_cli_exit_1_when_a_filled_value_breaks_a_rule(capsys):
    code = main(["template", "show", "product_question", "--lang", "en", "--example",
                 "--set", "answer=Write to us at help@northwind-home.com for the manual."])
    assert code == 1
    assert "external_contact" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "says"), [
    (["template", "show", "order_delayed", "--lang", "en", "--set", "buyer_name=Emma"], "no value for {order_id}"),
    (["template", "show", "no_such", "--lang", "en"], "no template 'no_such'"),
    (["template", "show", "refund_issued", "--lang", "en", "--set", "amount"], "write it as NAME=VALUE"),
])
def test_cli_exit_2_when_it_cannot_fill(capsys, argv, says):
    assert main(argv) == 2
    assert says in capsys.readouterr().err


# --- the site page -------------------------------------------------------------------------------------------

def _render(md: str) -> str:
    return markdown.markdown(md, extensions=["admonition", "attr_list", "pymdownx.superfences", "pymdownx.tabbed"],
                             extension_configs={"pymdownx.tabbed": {"alternate_style": True}})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_shows_every_template_in_every_language_as_a_copyable_block(lang):
    page = _render(reply_templates_markdown(lang))
    assert page.count('class="tabbed-set') == len(TEMPLATES)
    codes = re.findall(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>", page, re.S)
    blocks = [html.unescape(re.sub(r"<[^>]+>", "", b)) for b in codes]
    expected = []
    for t in TEMPLATES:
        assert f'id="{t.id.replace("_", "-")}"' in page and t.title[lang] in page
        for code in LANGS:
            expected += [t.subject[code]] if t.subject else []
            expected.append(t.text[code])
    # each block holds exactly one template text (so the copy button copies exactly that), in page order
    assert [b.rstrip("\n") for b in blocks] == expected
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", page)
    assert labels == [LANG_NAMES[code] for code in LANGS] * len(TEMPLATES)


def test_both_pages_use_the_generator_and_are_in_both_navs():
    for lang, config in (("en", "mkdocs.yml"), ("zh", "mkdocs.zh.yml")):
        assert "<!-- generated: reply-templates -->" in (ROOT / "docs" / lang / "messaging" / "templates.md").read_text()
        nav = (ROOT / config).read_text()
        assert re.search(r"- messaging/rules\.md\n\s+- messaging/templates\.md\n", nav), config


def test_templates_are_data_files():
    assert sorted(p.name for p in TEMPLATES_DIR.glob("*.yaml")) == sorted({t.file for t in TEMPLATES})
