"""Glossary synonyms in the search index (snippets/search_terms.py): any spelling of a term finds the sections
that use it; Chinese filler words and English stop words do not match on their own."""

from __future__ import annotations

import json
from pathlib import Path

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


# Material 9.8.1's minified query code: the wildcard step and the Chinese segmenter.
SEGMENT = ('function fe(t,e){let r=new Set,n=new Uint16Array(t.length);for(let s=0;s<t.length;s++)'
           'for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);let i=[0];for(let s=i.length;s>0;)'
           '{let o=i[--s];for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u)),i[s++]=o+u);'
           'let a=o+n[o];n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}return r.has("")?new Set([t]):r}')
WORKER = ('x.map(r=>/([~^]$)/.test(r)?`${r}1`:r).map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`).join(" ");'
          + SEGMENT)


def test_the_worker_drops_english_stop_words_before_the_wildcard(tmp_path):
    folder = tmp_path / "assets" / "javascripts" / "workers"
    folder.mkdir(parents=True)
    (folder / "search.abc.min.js").write_text(WORKER, encoding="utf-8")
    code = patch_search_worker(tmp_path).read_text(encoding="utf-8")
    assert '.filter(r=>!(self.__handbookStopWords' in code and code.index(".filter(") < code.index("`${r}*`")
    assert patch_search_worker(tmp_path).read_text(encoding="utf-8") == code  # idempotent


def test_the_worker_tries_the_last_character_of_a_chinese_query(tmp_path):
    folder = tmp_path / "assets" / "javascripts" / "workers"
    folder.mkdir(parents=True)
    (folder / "search.abc.min.js").write_text(WORKER, encoding="utf-8")
    code = patch_search_worker(tmp_path).read_text(encoding="utf-8")
    assert "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e" in code
    assert code.count("<=t.length") == 1 and "n[a]&&a<t.length-1&&" in code  # that bound only
    assert patch_search_worker(tmp_path).read_text(encoding="utf-8") == code  # idempotent


def _segmenter(worker_code: str):
    """Material's own segment() from a worker file, run in Node: (query, index words) -> segments."""
    import re
    import shutil
    import subprocess

    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    fn = re.search(r"function \w+\(\w,\w\)\{let \w=new Set,\w=new Uint16Array.*?\?new Set\(\[\w\]\):\w\}",
                   worker_code)
    assert fn, "segment() not found in Material's worker"

    def segment(query: str, words: list[str]) -> list[str]:
        script = (f"const seg = {fn.group(0)};\nconst index = Object.fromEntries({json.dumps(words)}.map(w => [w, {{}}]));\n"
                  f"console.log(JSON.stringify([...seg({json.dumps(query)}, index)]))")
        out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True, timeout=30)
        return sorted(json.loads(out.stdout))

    return segment


def test_a_chinese_query_keeps_its_last_character_in_materials_own_segmenter(tmp_path):
    """The installed Material worker, patched as the build patches it: a glossary term typed whole is searched
    whole (not its prefix), and a word at the end of the query is searched too. Unpatched, it is not."""
    import shutil

    import material

    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    folder = tmp_path / "assets" / "javascripts" / "workers"
    shutil.copytree(workers, folder)
    original = _segmenter(next(folder.glob("search.*.min.js")).read_text(encoding="utf-8"))
    patched = _segmenter(patch_search_worker(tmp_path).read_text(encoding="utf-8"))
    words = ["站内", "站内信", "信", "订单", "订单缺陷", "订单缺陷率", "差", "差评", "怎么", "删"]
    assert original("站内信", words) == ["站内"]  # the bug this patch exists for
    assert patched("站内信", words) == ["站内信"]
    assert patched("订单缺陷率", words) == ["订单缺陷率"]
    assert patched("差评", words) == ["差评"]
    assert patched("差评怎么删除", words + ["删除"]) == ["删除", "差评", "怎么"]
    assert patched("差评怎么删", words) == ["差评", "怎么"]  # Material starts no segment at the last character
    assert patched("找不到的词", words) == ["找不到的词"]  # nothing known: the query as typed, as before


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
