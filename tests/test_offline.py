"""The built site loads nothing from outside hosts (no Google Fonts, no CDN): it must work behind the
firewall and from disk. Links a reader clicks (<a href>) may point anywhere; assets may not."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

OUTSIDE = r"(?:https?:)?//(?!127\.0\.0\.1|localhost)[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
HTML_ASSET = re.compile(
    r"<(?!a[\s>])(\w+)\b[^>]*?\s(?:src|href|srcset|data-src|poster)\s*=\s*[\"']?(" + OUTSIDE + r")", re.I)
CSS_ASSET = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*[\"']?(" + OUTSIDE + r")", re.I)
# JS that loads a script or stylesheet from elsewhere (importScripts, dynamic import, script/link src).
JS_ASSET = re.compile(r"(?:importScripts|import)\s*\(\s*[\"'`](" + OUTSIDE + r")|\.src\s*=\s*[\"'`](" + OUTSIDE + r")", re.I)


def find_outside_assets(site_dir: Path) -> list[str]:
    hits = []
    for path in site_dir.rglob("*"):
        if path.suffix not in {".html", ".css", ".js"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(site_dir)
        if path.suffix == ".html":
            for tag, url in HTML_ASSET.findall(text):
                if tag.lower() == "link" and re.search(r'rel="(canonical|alternate)"', _tag_at(text, url)):
                    continue  # page metadata, not an asset the browser fetches
                hits.append(f"{where}: <{tag}> {url}")
        hits += [f"{where}: css {u}" for u in CSS_ASSET.findall(text)]
        if path.suffix == ".js":
            hits += [f"{where}: js {a or b}" for a, b in JS_ASSET.findall(text)]
    return hits


def _tag_at(text: str, url: str) -> str:
    i = text.find(url)
    return text[text.rfind("<", 0, i): text.find(">", i) + 1]


def test_built_site_requests_nothing_from_outside(built_site):
    hits = find_outside_assets(built_site)
    assert not hits, "outside assets in the built site:\n" + "\n".join(hits[:20])


def test_the_scanner_catches_outside_assets(tmp_path):
    (tmp_path / "a.html").write_text('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
                                     '<script src="//cdn.jsdelivr.net/x.js"></script><a href="https://sellercentral.amazon.com/">ok</a>')
    (tmp_path / "b.css").write_text('@import url("https://fonts.googleapis.com/x.css"); .x{background:url(https://cdn.example.com/i.png)}')
    (tmp_path / "c.js").write_text('importScripts("https://unpkg.com/iframe-worker/shim")')
    hits = find_outside_assets(tmp_path)
    assert len(hits) == 5, hits
    assert not any("sellercentral" in h for h in hits)
