"""The site builds strictly in both languages, with the same pages in each, and a working root page.

Checks of the sources run without a build; those that read the built site carry the `site` marker."""

from __future__ import annotations

import re

import pytest

from tests.site_config import ROOT, built_page, nav_paths

LANGS = ("zh", "en")


def test_both_languages_have_the_same_pages_in_the_same_order():
    assert nav_paths("zh") == nav_paths("en")


@pytest.mark.parametrize("lang", LANGS)
def test_every_nav_page_has_a_source_file(lang):
    for path in nav_paths(lang):
        source = ROOT / "playbooks" / path.removeprefix("playbooks/") if path.endswith(".ipynb") else ROOT / "docs" / lang / path
        assert source.exists(), f"{lang} nav lists {path} but {source} does not exist"


def test_every_page_is_written_in_both_languages():
    pages = {lang: {p.relative_to(ROOT / "docs" / lang).as_posix() for p in (ROOT / "docs" / lang).rglob("*.md")} for lang in LANGS}
    assert pages["zh"] == pages["en"], f"only zh: {pages['zh'] - pages['en']}; only en: {pages['en'] - pages['zh']}"


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_every_nav_page_is_built(built_site, lang):
    for path in nav_paths(lang):
        html = built_page(built_site, lang, path)
        assert html.exists(), f"{path} was not built for {lang}"
        assert f'<html lang="{lang}"' in html.read_text(encoding="utf-8")[:500], f"{path}: page is not marked as {lang}"


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
def test_pages_offer_the_other_language_and_copy_buttons(built_site, lang):
    home = (built_site / lang / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="zh"' in home and 'hreflang="en"' in home, "language switcher missing"
    assert '"content.code.copy"' in home, "code copy buttons are not enabled"


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["", "playbooks/account-health-audit/", "tools/check-online/"])
def test_our_scripts_do_not_hold_up_the_page(built_site, lang, path):
    """The in-page tools' script and the theme fixes are deferred (mkdocs.yml): Lighthouse."""
    html = (built_site / lang / path / "index.html").read_text(encoding="utf-8")
    ours = re.findall(r"<script\b[^>]*\bsrc=\"[^\"]*assets/inpage/[^>]*>", html)
    assert len(ours) == 2 and all(re.search(r"\sdefer\b", s) for s in ours), ours


@pytest.mark.site
def test_root_page_sends_readers_to_chinese(built_site):
    root = (built_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'http-equiv="refresh" content="0; url=zh/"', root)
    assert 'href="en/"' in root


def test_chinese_paragraphs_have_no_line_breaks_inside_sentences():
    # Markdown turns a line break into a space; between two Chinese characters it shows as a stray gap.
    cjk_end = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$")
    block_start = re.compile(r"\s*([-*+] |\d+\. |#|\||!!!|===|```|<|\*\[)")  # lists, blocks, abbreviations
    found = []
    for path in sorted((ROOT / "docs" / "zh").rglob("*.md")):
        fence = False
        lines = path.read_text(encoding="utf-8").split("\n")
        for number, (a, b) in enumerate(zip(lines, lines[1:], strict=False), 1):
            fence ^= a.strip().startswith("```")
            if not fence and a.strip() and b.strip() and cjk_end.search(a.rstrip()) and not block_start.match(b):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert not found, "join these lines (one line per Chinese paragraph): " + ", ".join(found)
