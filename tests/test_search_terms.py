"""Glossary synonyms in the search index (snippets/search_terms.py): any spelling of a term finds the sections
that use it; Chinese filler words and English stop words do not match on their own."""

from __future__ import annotations

import json

import pytest

from snippets.errors import UserError
from snippets.search_terms import MUTE, expand_search_index, keywords_for, mute_fillers, patch_search_worker

ZWSP = "\u200b"


def _index(*docs):
    return {"config": {"fields": {"title": {"boost": 1000}}}, "docs": [dict(d) for d in docs]}


def test_a_section_using_a_term_gets_all_its_names_and_no_other_section_does():
    index = expand_search_index(_index(
        {"location": "security/#2sv", "title": "两步验证", "text": f"<p>每个用户都开启{ZWSP}两步验证</p>"},
        {"location": "disputes/", "title": "纠纷", "text": "<p>信用卡拒付</p>"}), "zh")
    security, disputes = index["docs"]
    for name in ("二步验证", "2FA", "双重验证", "Two-Step Verification"):
        assert name in security["keywords"].replace(ZWSP, ""), name
        assert name not in disputes.get("keywords", "")
    assert "二步验证" in security["title_keywords"].replace(ZWSP, "")
    assert index["config"]["fields"]["keywords"] and index["config"]["fields"]["title"] == {"boost": 1000}


def test_english_names_match_whole_words_and_bring_the_abbreviation():
    words = keywords_for("Turn on two-factor authentication for every login.", "en")
    assert "Two-Step Verification" in words and "2SV" in words
    assert keywords_for("The reinstated items", "en") == ""  # no partial-word match on "reinstatement"


def test_uses_are_mirrored_up_to_a_cap():
    once = keywords_for("差评", "zh").split().count("卖家差评")
    many = keywords_for("差评 差评 差评 差评 差评 差评", "zh").split().count("卖家差评")
    assert once == 1 and many == 3


def test_filler_words_are_muted_only_as_whole_tokens():
    text = ZWSP.join(["订单缺陷率", "怎么", "算"]) + " 差评" + ZWSP + "吗"
    muted = mute_fillers(text)
    assert MUTE + "怎么" in muted and MUTE + "吗" in muted
    assert mute_fillers("怎么样") == "怎么样"  # part of a longer token: left alone
    assert muted.replace(MUTE, "") == text  # nothing visible changes


def test_reference_pages_weigh_less_than_the_pages_that_explain():
    index = expand_search_index(_index({"location": "glossary/", "title": "术语表", "text": ""},
                                       {"location": "playbooks/orders-per-day/", "title": "x", "text": ""},
                                       {"location": "playbooks/", "title": "实操手册", "text": ""},
                                       {"location": "disputes/", "title": "纠纷", "text": ""}), "zh")
    boosts = {d["location"]: d.get("boost", 1) for d in index["docs"]}
    assert boosts["glossary/"] < 1
    # a playbook notebook is a destination ("orders per day"), weighed like a guide page
    assert boosts["playbooks/orders-per-day/"] == boosts["playbooks/"] == boosts["disputes/"] == 1


WORKER = 'x.map(r=>/([~^]$)/.test(r)?`${r}1`:r).map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`).join(" ")'


def test_the_worker_drops_english_stop_words_before_the_wildcard(tmp_path):
    folder = tmp_path / "assets" / "javascripts" / "workers"
    folder.mkdir(parents=True)
    (folder / "search.abc.min.js").write_text(WORKER, encoding="utf-8")
    code = patch_search_worker(tmp_path).read_text(encoding="utf-8")
    assert '.filter(r=>!(self.__handbookStopWords' in code and code.index(".filter(") < code.index("`${r}*`")
    assert patch_search_worker(tmp_path).read_text(encoding="utf-8") == code  # idempotent


def test_a_changed_worker_fails_the_build_clearly(tmp_path):
    folder = tmp_path / "assets" / "javascripts" / "workers"
    folder.mkdir(parents=True)
    (folder / "search.abc.min.js").write_text("something else", encoding="utf-8")
    with pytest.raises(UserError, match="query code changed"):
        patch_search_worker(tmp_path)


@pytest.mark.site
def test_the_built_index_finds_a_term_by_its_variant(built_site):
    index = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    sections = [d for d in index["docs"] if d["location"].startswith("security/")
                and "二步验证" in d.get("keywords", "").replace(ZWSP, "")]
    assert sections, "no security section carries the variant 二步验证"
    assert "keywords" in index["config"]["fields"]
    en = json.loads((built_site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("2FA" in d.get("keywords", "") for d in en["docs"] if d["location"].startswith("security/"))
    worker = next((built_site / "en" / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert "__handbookStopWords" in worker.read_text(encoding="utf-8")
