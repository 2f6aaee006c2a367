"""Every rule's own examples, and the rule-file validation that stops the checker (exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from snippets.cli import main
from snippets.messages import check_message
from snippets.messages.rules import RULES_DIR, RuleFileError, load_rules

RULES = load_rules()
EXAMPLES = [
    pytest.param(rule.id, kind == "match", lang, text, rule.platforms[0], id=f"{rule.id}-{kind}-{lang}-{i}")
    for rule in RULES
    for kind, per_lang in rule.examples.items()
    for lang, texts in per_lang.items()
    for i, text in enumerate(texts)
]


@pytest.mark.parametrize(("rule_id", "must_match", "lang", "text", "platform"), EXAMPLES)
def test_rule_examples(rule_id, must_match, lang, text, platform):
    """Examples run on the rule's first platform, in the language they are filed under."""
    findings = check_message(text, lang=lang, platform=platform)
    found = [f for f in findings if f.rule == rule_id]
    assert bool(found) == must_match, [(f.rule, f.match) for f in findings]
    for f in found:
        assert text[f.start:f.end] == f.match


def test_every_rule_has_examples_in_each_of_its_languages():
    for rule in RULES:
        assert rule.examples["match"], rule.id
        if rule.kind in ("lexicon", "cooccurrence"):
            assert set(rule.examples["match"]) == set(rule.languages), rule.id
        assert rule.source["url"].startswith("https://"), rule.id


def test_every_category_has_rules():
    assert {r.category for r in RULES} == {"external_contact", "external_link", "review_incentive",
                                           "review_manipulation", "promotion", "off_platform",
                                           "sensitive_data", "formatting"}


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_the_built_in_rules_match_the_schema_and_compile():
    """``check`` skips the schema for the built-in folder (it costs more than the check): validated here."""
    assert len(load_rules(RULES_DIR, compile_all=True, validate=True)) == len(RULES)


# (file, text replaced, replacement, rule named, problem named)
BROKEN = [
    pytest.param("promotion.yaml", "    title_zh: 在消息中发放优惠码", "    titel_zh: 在消息中发放优惠码",
                 "promotion.coupon_code", "'title_zh' is a required property", id="missing-field"),
    pytest.param("promotion.yaml", "    kind: lexicon", "    kind: lexicon\n    colour: red",
                 "promotion.future_discount", "('colour' was unexpected)", id="unknown-field"),
    pytest.param("promotion.yaml", "category: promotion", "category: marketing",
                 "promotion.future_discount", "'marketing' is not one of", id="bad-category"),
    pytest.param("promotion.yaml", "severity: error", "severity: fatal",
                 "promotion.future_discount", "'fatal' is not one of ['error', 'warning', 'info']", id="bad-severity"),
    pytest.param("promotion.yaml", "platforms: [amazon, ebay, walmart]", "platforms: [amazon, etsy]",
                 "promotion.future_discount", "'etsy' is not one of", id="bad-platform"),
    pytest.param("external_contact.yaml", "    detector: email\n", "    detector: e-mail\n",
                 "external_contact.email", "'e-mail' is not one of", id="bad-detector"),
    pytest.param("external_contact.yaml", "    kind: detector\n    detector: email\n", "    kind: lexicon\n",
                 "external_contact.email", "'match' is a required property (a lexicon rule has 'match'",
                 id="lexicon-without-match"),
    pytest.param("external_contact.yaml", "    detector: email\n", "    detector: email\n    match: {en: {all: [x]}}\n",
                 "external_contact.email", "a detector rule names 'detector' and has no 'match'",
                 id="detector-with-match"),
    pytest.param("off_platform.yaml", "          - any: '(?:カード番号|セキュリティコード|口座番号|銀行口座|口座情報)|カードの番号|裏面の[^。]{0,6}(?:数字|番号|コード)|有効期限|[3３三]桁'\n", "",
                 "off_platform.payment_data_to_charge", ".match.ja.each: [{'any':", id="cooccurrence-one-part"),
    pytest.param("promotion.yaml", "        each:\n          - any: ['\\b(?:your |the )?next",
                 "        every:\n          - any: ['\\b(?:your |the )?next",
                 "promotion.other_products_and_offer", "('every' was unexpected)", id="cooccurrence-without-each"),
    pytest.param("promotion.yaml", "kind: cooccurrence", "kind: cooccurrence\n    within: 80",
                 "promotion.other_products_and_offer", "a cooccurrence rule reads the whole message",
                 id="cooccurrence-with-within"),
    pytest.param("off_platform.yaml", "within: 200", "within: 0", "off_platform.cancel_and_rebuy",
                 "0 is not valid under any of the given schemas ('sentence', 'message' or a number of characters)",
                 id="bad-within"),
    pytest.param("off_platform.yaml", "within: 200", "within: paragraph", "off_platform.cancel_and_rebuy",
                 "'paragraph' is not valid under any", id="bad-within-word"),
    pytest.param("promotion.yaml", "    suggestion: \"Remove the code.\"", "    suggestion: null",
                 "promotion.coupon_code", "give suggestion and suggestion_zh together", id="suggestion-alone"),
    pytest.param("promotion.yaml", "https://sellercentral.amazon.co.uk/seller-forums/discussions/t/0280ebb5",
                 "http://sellercentral.amazon.co.uk/seller-forums/discussions/t/0280ebb5",
                 "promotion.", "does not match '^https://'", id="source-not-https"),
    pytest.param("promotion.yaml", "\\bfollow us\\b", "(unclosed",
                 "promotion.follow_us", "match.en.all: bad regular expression '(unclosed", id="bad-regex"),
    pytest.param("promotion.yaml", '        ja: ["クーポンコード：THANKS10"]',
                 '        ja: ["クーポンコード：THANKS10"]\n        zh: ["优惠码"]',
                 "promotion.coupon_code", "examples.match: 'zh' is not one of", id="example-in-unknown-language"),
    pytest.param("review_manipulation.yaml", "        en: [\"We noticed you left 3 stars; now that",
                 "        de: [\"Bitte ändern Sie Ihre Bewertung.\"]\n        en: [\"We noticed you left 3 stars; now that",
                 "review_manipulation.change_rating_pronoun",
                 "examples.match: language(s) de not among the rule's languages (en)", id="example-in-a-language-the-rule-lacks"),
    pytest.param("promotion.yaml", "      it: *code\n", "",
                 "promotion.coupon_code", "match: expected one entry per language of the rule", id="match-lacks-a-language"),
    pytest.param("promotion.yaml", "platform_severity: {ebay: warning}", "platform_severity: {ebay: fatal}",
                 "promotion.", "'fatal' is not one of", id="bad-platform-severity"),
    pytest.param("promotion.yaml", "  - id: promotion.store_and_products", "  - id: promotion.coupon_code",
                 "promotion.coupon_code", "duplicate id (also in promotion.yaml)", id="duplicate-id"),
]


@pytest.mark.parametrize(("name", "old", "new", "rule", "problem"), BROKEN)
def test_a_broken_rule_file_names_file_rule_and_problem(tmp_path, capsys, name, old, new, rule, problem):
    """Each mistake stops both the library (RuleFileError) and ``check --rules`` (exit 2, nothing on stdout)
    with the file, the rule and the problem named."""
    folder = _broken_copy(tmp_path, name, old, new)
    with pytest.raises(RuleFileError) as err:
        load_rules(folder)
    message = str(err.value)
    assert err.value.exit_code == 2
    assert str(folder / name) in message and rule in message and problem in message, message
    (tmp_path / "m.txt").write_text("Your order has shipped.", encoding="utf-8")
    assert main(["check", str(tmp_path / "m.txt"), "--rules", str(folder)]) == 2
    out, err_text = capsys.readouterr()
    assert out == "" and rule in err_text and problem in err_text


def test_cooccurrence_reads_the_whole_message_but_excuses_a_part_by_its_own_sentence():
    """A review in one sentence and a gift two sentences later is an incentive; a free replacement for a
    cracked lid beside a neutral review request is not, because the value's own sentence names the problem."""
    reward = "We hope you like the tea. A review on Amazon would help us. Meanwhile, enjoy a $10 voucher from us."
    found = [f for f in check_message(reward, lang="en") if f.rule == "review_incentive.review_and_gift"]
    assert [f.match for f in found] == ["$10"]  # the offer: the last part's first hit
    assert reward[found[0].start:found[0].end] == "$10"
    remedy = "The lid arrived cracked, so a free replacement ships today. A review is welcome whenever you like."
    assert not [f for f in check_message(remedy, lang="en") if f.category == "review_incentive"]


def test_unreadable_yaml_and_empty_folder(tmp_path):
    (tmp_path / "bad.yaml").write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(RuleFileError, match="bad.yaml"):
        load_rules(tmp_path)
    with pytest.raises(RuleFileError, match="no rule files"):
        load_rules(tmp_path / "nothing-here")


def test_rule_pages_list_every_rule_with_its_source():
    from snippets.site.generated import GENERATORS

    en, zh = GENERATORS["message-rules"]("en"), GENERATORS["message-rules"]("zh")
    for rule in RULES:
        assert f"`{rule.id}`" in en and f"`{rule.id}`" in zh
        assert rule.source["url"] in en and rule.source["url"] in zh
        assert rule.title in en and rule.title_zh in zh
