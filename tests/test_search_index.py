"""Chinese search: the built index keeps glossary terms whole and the browser can split on U+200B.

Reading the index is necessary but not sufficient: tests/test_browser.py types the same words into the page.
"""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from snippets.glossary import load_glossary

pytestmark = pytest.mark.site
MUST_BE_WHOLE = ["差评", "站内信", "订单缺陷率", "信用卡拒付"]


def _index(built_site, lang):
    return json.loads((built_site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))


def _tokens(index) -> set[str]:
    sep = re.compile(index["config"]["separator"])
    tokens: set[str] = set()
    for doc in index["docs"]:
        for field in ("title", "text"):
            tokens.update(t for t in sep.split(re.sub(r"<[^>]+>", " ", doc.get(field, ""))) if t)
    return tokens


def test_jieba_is_installed():
    assert importlib.util.find_spec("jieba"), "jieba missing: Chinese search silently degrades"


def test_zh_separator_splits_on_zero_width_space(built_site):
    sep = _index(built_site, "zh")["config"]["separator"]
    assert re.fullmatch(sep, "\u200b"), f"separator {sep!r} does not split on U+200B: Chinese words would not be found"


def test_zh_index_is_segmented_by_jieba(built_site):
    assert any("\u200b" in d["text"] for d in _index(built_site, "zh")["docs"]), "no jieba segmentation in the zh index"


@pytest.mark.parametrize("term", MUST_BE_WHOLE)
def test_key_terms_are_whole_tokens(built_site, term):
    assert term in _tokens(_index(built_site, "zh")), f"{term} is not a whole token in the zh search index"


def test_every_glossary_term_is_a_whole_token(built_site):
    tokens = _tokens(_index(built_site, "zh"))
    missing = [t.zh for t in load_glossary() if re.fullmatch(r"[\u4e00-\u9fff]+", t.zh) and t.zh not in tokens]
    assert not missing, f"glossary terms split by the segmenter: {missing}"


def test_english_index_has_the_glossary(built_site):
    text = " ".join(d["text"] for d in _index(built_site, "en")["docs"]).lower()
    for term in load_glossary():
        assert term.en.lower() in text, f"{term.en} missing from the English index"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_index_entries_share_a_location(built_site, lang):
    # Two headings with the same id (e.g. a notebook H1 and H2 that ASCII-fold to the same slug) make
    # the browser search throw on every query that matches them: seen as "No matching documents".
    locations = [d["location"] for d in _index(built_site, lang)["docs"]]
    dupes = sorted({loc for loc in locations if locations.count(loc) > 1})
    assert not dupes, f"duplicate search locations (rename a heading): {dupes}"
