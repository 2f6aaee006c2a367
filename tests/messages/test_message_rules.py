"""Every rule's own examples, and the rule-file validation that stops the checker (exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("category: promotion", "category: marketing", "category 'marketing' is not one of"),
    ("severity: error", "severity: fatal", "severity 'fatal'"),
    ("    kind: lexicon", "    kind: lexicon\n    colour: red", "unknown field(s) colour"),
    ("\\bfollow us\\b", "(unclosed", "bad regular expression"),
    ("    title_zh: 在消息中发放优惠码", "    titel_zh: 在消息中发放优惠码", "missing field(s) title_zh"),
])
def test_invalid_rule_file_names_file_and_problem(tmp_path, old, new, problem):
    folder = _broken_copy(tmp_path, "promotion.yaml", old, new)
    with pytest.raises(RuleFileError) as err:
        load_rules(folder)
    assert "promotion.yaml" in str(err.value)
    assert problem in str(err.value)
    assert err.value.exit_code == 2


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("        each:\n          - any: ['\\b(?:your |the )?next", "        every:\n          - any: ['\\b(?:your |the )?next",
     "expected 'each'"),
    ("kind: cooccurrence", "kind: cooccurrence\n    within: 80", "drop 'within'"),
    ("          - any: ['\\b(?:your |the )?next", "          - anyof: ['\\b(?:your |the )?next", "expected 'any'"),
])
def test_invalid_cooccurrence_rule_names_file_and_problem(tmp_path, old, new, problem):
    folder = _broken_copy(tmp_path, "promotion.yaml", old, new)
    with pytest.raises(RuleFileError) as err:
        load_rules(folder)
    assert "promotion.yaml" in str(err.value) and "other_products_and_offer" in str(err.value)
    assert problem in str(err.value)


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
