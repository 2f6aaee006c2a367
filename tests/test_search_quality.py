"""Search answers the questions people type: each question of tests/data/search_questions.yaml goes through
the site's real search box in Chromium; its page must come in the top three for at least 90 % of the
questions whose page is in this build (the others are skipped and counted)."""

from __future__ import annotations

import pytest

from snippets.search_quality import Question, load_questions, rank_of, score

TARGET_HIT3 = 0.90


def test_question_set_is_large_and_well_formed():
    questions = load_questions()
    for lang in ("zh", "en"):
        mine = [q for q in questions if q.lang == lang]
        assert len(mine) >= 45, f"{lang}: only {len(mine)} questions"
        assert len({q.text for q in mine}) == len(mine), f"{lang}: duplicate questions"
        assert all(not q.target.startswith("/") and (q.page == "" or q.page.endswith("/")) for q in mine)


def test_rank_and_figures():
    q = Question("zh", "两步验证", "security/accounts-and-access/")
    results = [[("/zh/security/", "")], [("/zh/glossary/", ""), ("/zh/glossary/", "two_step_verification")],
               [("/zh/security/accounts-and-access/", ""), ("/zh/security/accounts-and-access/", "x")]]
    assert rank_of(q, results) == 3
    assert rank_of(q, results[:2]) is None
    section = Question("en", "2FA", "glossary/#two_step_verification")
    assert rank_of(section, results) is None
    assert rank_of(Question("zh", "x", "glossary/#two_step_verification"), results) == 2
    figures = score("zh", {q: 3, Question("zh", "b", "glossary/"): 1, Question("zh", "c", "x/"): None}, skipped=2)
    assert (figures.hit1, figures.hit3) == (1 / 3, 2 / 3)
    assert figures.mrr == pytest.approx((1 / 3 + 1) / 3)
    assert figures.misses == (("c", "x/", None),)


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_puts_the_right_page_in_the_top_three(page, site_url, built_site, lang):
    from snippets.search_quality import evaluate

    figures = evaluate(page, site_url, built_site, lang)
    print("\n" + figures.line())
    for text, target, rank in figures.misses:
        print(f"  miss: {text!r} -> {target} (rank {rank})")
    assert figures.asked >= 10, f"{lang}: only {figures.asked} questions have their page in this build"
    assert figures.hit3 >= TARGET_HIT3, f"{figures.line()}; misses: {list(figures.misses)}"
