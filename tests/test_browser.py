"""The built site in a real Chromium: search in both languages, the language switcher, copy buttons,
and no request to an outside host. Reading the index alone has passed while the page found nothing."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.site, pytest.mark.browser]

# (language, query typed into the search box, section whose page must come first). Several words sit
# mid-sentence on purpose: with a separator that ignores U+200B only sentence-initial words are found.
SEARCHES = [
    # the page on handling negative feedback, not the glossary: reference pages weigh less (snippets/search_terms.py)
    ("zh", "差评", "disputes/negative-feedback/"),
    # A term that ends the query must be searched whole: Material's segmenter never tried the query's last
    # character, so 站内信 was searched as 站内* and 订单缺陷率 as 订单缺陷* (fixed in snippets/search_terms.py).
    ("zh", "站内信", "messaging/"),
    ("zh", "信用卡拒付", "disputes/"),
    ("zh", "订单缺陷率", "account-health/"),
    ("zh", "钓鱼邮件", "security/"),
    ("zh", "每日订单", "playbooks/orders-per-day/"),
    ("en", "chargeback", "disputes/"),
    ("en", "phishing", "security/"),
    ("en", "orders per day", "playbooks/orders-per-day/"),
]


def search(page, base: str, lang: str, query: str) -> list[str]:
    page.goto(f"{base}/{lang}/")
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => !/初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=10_000)
    assert meta.count() == 1
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [urlparse(h).path for h in hrefs]


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_finds_the_right_page_first(page, site_url, lang, query, expected):
    paths = search(page, site_url, lang, query)
    assert paths, f"no results for {query!r}"
    assert paths[0].startswith(f"/{lang}/{expected}"), f"{query!r}: first result {paths[0]}, all: {paths[:5]}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_index_loads_when_search_opens_not_with_the_page(page, site_url, lang):
    """snippets/site/lazy_search.py: the 1 MB index is not part of every page load, and search still works."""
    fetched = []
    page.on("request", lambda req: fetched.append(req.url) if "search_index" in req.url else None)
    page.goto(f"{site_url}/{lang}/account-health/", wait_until="networkidle")
    assert not fetched, f"the search index was fetched with the page: {fetched}"
    assert search(page, site_url, lang, "ODR" if lang == "en" else "订单缺陷率"), "no results once search opened"
    assert fetched, "search found results without fetching the index?"


def test_language_switch_keeps_the_page(page, site_url):
    page.goto(f"{site_url}/zh/account-health/")
    page.locator(".md-header__option .md-select").first.hover()
    page.locator('a[hreflang="en"]').first.click()
    page.wait_for_url(re.compile(r".*/en/account-health/$"))
    assert page.locator("html").get_attribute("lang") == "en"


def test_copy_button_copies_the_code(page, site_url):
    page.goto(f"{site_url}/zh/tools/")
    page.locator(".md-typeset pre").first.scroll_into_view_if_needed()  # content.lazy: buttons come into view
    button = page.locator("[data-clipboard-target]").first
    target = button.get_attribute("data-clipboard-target")
    expected = page.locator(target).inner_text()
    button.click()
    assert page.evaluate("navigator.clipboard.readText()").strip() == expected.strip()


@pytest.mark.parametrize("path", ["/zh/", "/en/", "/zh/playbooks/orders-per-day/", "/en/glossary/"])
def test_pages_request_nothing_from_outside(page, site_url, path):
    outside = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith((site_url, "data:", "blob:")) else None)
    page.goto(site_url + path, wait_until="networkidle")
    assert not outside, f"requests to outside hosts: {outside}"


@pytest.fixture(scope="module")
def offline_pack(tmp_path_factory):
    from snippets.site import build as site

    out = tmp_path_factory.mktemp("offline") / "seller-ops-handbook"
    site.build(strict=True, site_dir=out, offline=True)
    return out


@pytest.mark.parametrize(("lang", "query", "expected"), [("zh", "信用卡拒付", "disputes/"), ("en", "phishing", "security/")])
def test_offline_pack_searches_from_disk(page, offline_pack, lang, query, expected):
    outside = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(("file://", "data:", "blob:")) else None)
    page.goto((offline_pack / "index.html").as_uri())
    page.wait_for_url(re.compile(r".*/zh/index\.html$"))
    page.goto((offline_pack / lang / "index.html").as_uri())
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("() => !/初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=15_000)
    box.fill(query)
    box.dispatch_event("keyup")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=10_000)
    first = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")[0]
    assert first.startswith((offline_pack / lang / expected).as_uri().rstrip("/")), first
    assert not outside, f"the offline pack requested: {outside}"


def test_offline_pack_language_links_work_from_disk(page, offline_pack):
    page.goto((offline_pack / "zh" / "security" / "index.html").as_uri())
    href = page.locator('a[hreflang="en"]').first.get_attribute("href")
    page.goto(page.url.rsplit("/", 1)[0] + "/" + href)
    assert page.url.endswith("/en/index.html") and page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_old_link_into_the_one_page_template_library_lands_on_the_template(page, site_url, lang):
    page.goto(f"{site_url}/{lang}/messaging/templates/#chargeback_representment")
    page.wait_for_url(f"**/{lang}/messaging/templates-letters/#chargeback_representment")
    assert page.locator("h2#chargeback_representment").count() == 1


def test_template_copy_button_copies_one_french_reply_with_its_no_break_spaces(page, site_url):
    from snippets.templates import get_template

    page.goto(f"{site_url}/en/messaging/templates-shipping/")
    texts = page.locator("#order_delayed ~ details").first  # the texts are folded under the template's guidance
    texts.locator("summary").click()
    section = texts.locator(".tabbed-set")
    section.locator("label", has_text="Français").click()
    block = section.locator(".tabbed-block").nth(2)
    block.locator("[data-clipboard-target]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == get_template("order_delayed").text["fr"].strip()
    assert "\u00a0:" in copied
def test_offline_pack_says_the_in_page_tools_need_the_served_site(page, offline_pack):
    page.goto((offline_pack / "en" / "tools" / "check-online.html").as_uri())  # the pack has no folder URLs
    status = page.locator(".inpage-status[data-state=offline]")
    status.wait_for(timeout=10_000)
    assert "served site" in status.inner_text() and "python -m snippets check" in status.inner_text()
    assert page.locator("#check-text").is_disabled()
    assert not list((offline_pack / "en" / "assets" / "inpage").glob("pyodide/*"))  # no 13 MB runtime in the pack
