"""The glossary is valid data, large enough, and keeps Chinese terms whole for search."""

from __future__ import annotations

import pytest

from snippets.errors import UserError
from snippets.glossary import glossary_markdown, jieba_words, load_glossary

REQUIRED_ZH = ["订单缺陷率", "迟发率", "站内信", "差评", "信用卡拒付", "有效追踪率", "账户健康评级"]


def test_at_least_40_terms_including_the_daily_ones():
    terms = load_glossary()
    assert len(terms) >= 40
    names = {t.zh for t in terms}
    assert set(REQUIRED_ZH) <= names
    assert any(t.abbr == "ODR" for t in terms) and any("A-to-z" in t.zh for t in terms)


def test_jieba_keeps_glossary_terms_whole():
    import jieba

    for word in jieba_words():
        jieba.add_word(word, freq=200_000)
    assert "差评" in jieba.lcut("买家留了差评会影响订单缺陷率")
    assert "站内信" in jieba.lcut("请通过站内信回复买家")
    assert "订单缺陷率" in jieba.lcut("买家留了差评会影响订单缺陷率")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_has_every_term(lang):
    table = glossary_markdown(lang)
    for term in load_glossary():
        assert term.name(lang) in table
        assert f"#{term.id}" in table


def test_broken_glossary_names_the_entry(tmp_path):
    bad = tmp_path / "g.yaml"
    bad.write_text("- id: odr\n  zh: 订单缺陷率\n  en: ODR\n  definition_zh: x\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"\[0\] \(odr\): 'definition_en' is a required property"):
        load_glossary.__wrapped__(bad)


def test_term_with_space_in_chinese_is_rejected(tmp_path):
    bad = tmp_path / "g.yaml"
    bad.write_text("- {id: x, zh: 订单 缺陷, en: x, definition_zh: x, definition_en: x}\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"zh: '订单 缺陷' does not match .* \(one search token: no spaces\)"):
        load_glossary.__wrapped__(bad)
