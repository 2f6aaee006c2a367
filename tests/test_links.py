"""Every link inside the built site resolves, anchors included. MkDocs' own validation does not look
into notebook pages or generated tables, so crawl the output."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.site


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def _parse(path: Path, cache: dict) -> _Page:
    if path not in cache:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def broken_links(site_dir: Path) -> list[str]:
    cache: dict[Path, _Page] = {}
    broken = []
    for html in sorted(site_dir.rglob("*.html")):
        if html.name == "404.html":
            continue  # its links are written for whichever URL was missed
        for href in _parse(html, cache).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            if parts.path.startswith("/"):
                target = site_dir / unquote(parts.path).lstrip("/")  # site-absolute: the language switcher
            else:
                target = (html.parent / unquote(parts.path)) if parts.path else html
            if target.is_dir():
                target = target / "index.html"
            where = f"{html.relative_to(site_dir)} -> {href}"
            if not target.exists():
                broken.append(f"{where}: no such page")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _parse(target, cache).ids:
                broken.append(f"{where}: no anchor #{parts.fragment}")
    return broken


def test_no_broken_links_or_anchors(built_site):
    broken = broken_links(built_site)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:30])


def test_the_crawler_finds_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2><a href="#x">ok</a><a href="#y">bad anchor</a>'
                                               '<a href="../b/">missing page</a><a href="https://amazon.com/">outside</a>')
    assert len(broken_links(tmp_path)) == 2
