"""Glossary synonyms in the site search: every way of writing a term finds the sections that use the term.

Material's search knows only the words on the page: a page that says 两步验证 is not found by 二步验证, nor
"Two-Step Verification" by 2FA. After the search plugin writes ``search/search_index.json``, the build hook
(``snippets/site/hooks.py``) calls :func:`expand_search_index`, which gives every entry (one per section)
two extra fields that the search worker indexes but never displays:

- ``keywords``: every name of every glossary term the section uses (term, abbreviation, aliases, variants),
  repeated as often as the section uses the term (capped), so an alias ranks a section as the term itself does;
- ``title_keywords``: the same for terms in the section's heading, weighted like a title.

The worker builds its index from ``config.fields``, so adding the two fields there is all it needs.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

from snippets.glossary import Term, load_glossary

ZWSP = "\u200b"
# Weights of the added fields, relative to Material's title (1000) and text (1).
FIELDS = {"keywords": {"boost": 1.0}, "title_keywords": {"boost": 300.0}}
MAX_REPEAT = 3  # BM25 saturates; more repeats would only let long sections win
# Reference pages hold every term or every template in one long section, and Material's index does not
# normalise by length (lunr b = 0), so they outrank the page that explains a topic. They keep their title
# matches (a title weighs 1000 times the text) but their text counts for less. Path prefix -> document boost.
# Location pattern -> document boost. The playbook notebooks are not reference pages: they are where people
# go to run an audit ("orders per day" must find the playbook, not a section titled "one login per person").
REFERENCE_PAGES = {r"glossary/": 0.25, r"messaging/(templates(-[a-z]+)?|rules)/": 0.4}  # library pages too
TAG = re.compile(r"<[^>]+>")
# Question words and particles people type around the words that matter (订单缺陷率怎么算, 差评能删吗). As
# tokens they match every heading that says 怎么 or 吗, and a heading weighs 1000 times the text. In the index
# each one gets an invisible U+2060 in front, so a query word never matches it; the glossary entry keeps the
# plain words once (in its unseen keywords), so that the browser still segments a query that starts with one.
ZH_FILLERS = tuple(sorted("""
怎么 怎样 如何 怎么办 为什么 什么 多少 多久 哪 哪里 哪儿 在哪 哪些 吗 呢 吧 么 啊 的 了 是 能 能不能 可以 可不可以 要 会 该
""".split(), key=len, reverse=True))
MUTE = "\u2060"
_BOUNDARY = r"\s\u200b\u3000\-、。，．？！；"
_FILLER = re.compile(rf"(?:(?<=^)|(?<=[{_BOUNDARY}>]))({'|'.join(ZH_FILLERS)})(?=$|[{_BOUNDARY}<])")


def _plain(value: str) -> str:
    return html.unescape(TAG.sub(" ", value)).replace(ZWSP, "")


def names(term: Term, lang: str) -> list[str]:
    """Every way a reader of ``lang`` may write the term. Chinese readers type English names and
    abbreviations too (ODR, A-to-z, GPSR); English readers rarely type Chinese."""
    forms = [term.en, *term.en_aliases, *term.en_variants, *([term.abbr] if term.abbr else [])]
    if lang == "zh":
        forms = [term.zh, *term.zh_aliases, *term.zh_variants, *forms]
    return list(dict.fromkeys(f for f in forms if f))


@cache
def _matchers(lang: str) -> tuple[tuple[Term, re.Pattern, tuple[str, ...]], ...]:
    out = []
    for term in load_glossary():
        forms = names(term, lang)
        parts = []
        for form in sorted(forms, key=len, reverse=True):
            if re.search(r"[\u4e00-\u9fff]", form):
                parts.append(re.escape(form))
            elif len(form) >= 2:  # Latin names match whole words only, case-insensitively
                parts.append(rf"(?<![\w-]){re.escape(form)}(?![\w-])")
        out.append((term, re.compile("|".join(parts), re.I), tuple(forms)))
    return tuple(out)


def _segment(words: list[str], lang: str) -> str:
    """Words joined the way the search plugin joins page text (jieba segments, U+200B), so the browser's
    tokenizer and its greedy Chinese query segmentation see the same tokens."""
    if lang != "zh":
        return " ".join(words)
    _teach_jieba()
    import jieba

    return " ".join(ZWSP.join(jieba.cut(w)) if re.search(r"[\u4e00-\u9fff]", w) else w for w in words)


@cache
def _teach_jieba() -> None:
    import jieba

    from snippets.glossary import JIEBA_FREQ, jieba_words

    jieba.setLogLevel(60)
    for word in jieba_words():
        jieba.add_word(word, freq=JIEBA_FREQ)


def keywords_for(text: str, lang: str) -> str:
    """The names of every term used in ``text`` (plain text), each repeated by use up to MAX_REPEAT."""
    words: list[str] = []
    for _term, pattern, forms in _matchers(lang):
        uses = len(pattern.findall(text))
        if uses:
            words += list(forms) * min(uses, MAX_REPEAT)
    return _segment(words, lang)


def mute_fillers(segmented: str) -> str:
    """Put U+2060 before every Chinese filler word that stands as a token of its own."""
    return _FILLER.sub(lambda m: MUTE + m.group(1), segmented)


def expand_search_index(index: dict, lang: str) -> dict:
    """Add ``keywords`` and ``title_keywords`` to every entry of a Material search index (in place), and
    mute Chinese filler words."""
    index.setdefault("config", {}).setdefault("fields", {}).update(FIELDS)
    for doc in index.get("docs", []):
        if lang == "zh":
            doc["title"] = mute_fillers(doc.get("title", ""))
            doc["text"] = mute_fillers(doc.get("text", ""))
        for pattern, boost in REFERENCE_PAGES.items():
            if re.match(pattern, doc.get("location", "")):
                doc["boost"] = boost
        title = _plain(doc.get("title", ""))
        body = keywords_for(title + " \n " + _plain(doc.get("text", "")), lang)
        head = keywords_for(title, lang)
        if body:
            doc["keywords"] = body
        if head:
            doc["title_keywords"] = head
        if lang == "zh" and doc.get("location") == "glossary/":
            doc["keywords"] = " ".join([doc.get("keywords", ""), *ZH_FILLERS]).strip()
    return index


def expand_search_index_file(path, lang: str) -> None:
    """Rewrite a built ``search_index.json`` with the synonym fields (nothing to do if search is off)."""
    import json

    path = Path(path)
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(expand_search_index(index, lang), ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


# Material appends "*" to every query word, so an English stop word typed in a question ("can I send a link to a
# buyer") becomes a prefix that matches every word starting with "a", "i", "to", "in": long pages about
# "access", "incident" or "action" then outrank the answer. The worker is patched at build time to drop these
# words from a query before the wildcard is added (nothing else changes). The pattern is checked: if a Material
# upgrade changes the code, the build fails with this message instead of silently searching worse.
QUERY_STOP_WORDS = ("a an and are as at be by can could do does for from how i if in is it me my of on or our "
                    "should the to us we what when where which who why will with you your").split()
_WILDCARD = re.compile(r"\.map\((\w)=>/\(\^\[\+-\]\|\[~\^\]\\d\+\$\)/\.test\(\1\)\?\1:`\$\{\1\}\*`\)")


# Material's Chinese query segmentation (``segment()`` in src/templates/assets/javascripts/integrations/search/
# query/segment; the same in 9.8.1 and upstream master in 2026-12) cuts a run of Han characters into the words the
# index knows, from each position the longest one. But it only tries slices that end before the query's last
# character (``for (j = i + 1; j < query.length; j++) query.slice(i, j)``), so a word that ends the query is
# never found whole, only its beginning: 站内信 is searched as 站内* (or 站*), 订单缺陷率 as 订单缺陷* (or 订单*),
# 差评 as 差*, although jieba (taught the glossary) indexed each term whole. No setting or index content reaches
# a slice the loop never tries, so the worker gets that one bound fixed (``<=``), nothing else; Material's other
# rule, that no segment starts at the query's last character, stays. Checked like the stop words: a changed Material fails the build instead of
# searching worse (tests/test_search_terms.py runs the installed worker's segment() in Node).
_SEGMENT_SCAN = re.compile(r"for\(let (\w)=(\w)\+1;\1<(\w)\.length;\1\+\+\)\3\.slice\(\2,\1\)in (\w)&&")
_SEGMENT_DONE = "/*handbook:segment-last-char*/"


def _patch_segmenter(code: str, worker: Path) -> str:
    from snippets.errors import UserError

    if _SEGMENT_DONE in code:
        return code
    if len(_SEGMENT_SCAN.findall(code)) != 1:
        raise UserError(f"{worker}: Material's query code changed (Chinese segmentation); update "
                        "snippets/search_terms.py (_SEGMENT_SCAN)")
    code = _SEGMENT_SCAN.sub(lambda m: m.group(0).replace(f"{m.group(1)}<{m.group(3)}.length",
                                                          f"{m.group(1)}<={m.group(3)}.length", 1), code)
    return _SEGMENT_DONE + code


def patch_search_worker(site_dir) -> Path:
    """Make the built site's search worker ignore English stop words in queries and keep the last character of
    a Chinese query; return the patched file."""
    from snippets.errors import UserError

    workers = sorted((Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise UserError(f"expected one Material search worker under {site_dir}, found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    if "__handbookStopWords" not in code:
        match = _WILDCARD.search(code)
        if not match:
            raise UserError(f"{worker}: Material's query code changed; update snippets/search_terms.py (_WILDCARD)")
        v = match.group(1)
        words = ",".join(f'"{w}"' for w in QUERY_STOP_WORDS)
        patched = (f".filter({v}=>!(self.__handbookStopWords||(self.__handbookStopWords=new Set([{words}])))"
                   f".has({v}.toLowerCase()))" + match.group(0))
        code = code[:match.start()] + patched + code[match.end():]
    code = _patch_segmenter(code, worker)
    worker.write_text(code, encoding="utf-8")
    return worker
