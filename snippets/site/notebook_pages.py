"""Lighter playbook pages: what mkdocs-jupyter writes into every notebook page, cut to what the page uses.

mkdocs-jupyter inlines JupyterLab's whole stylesheet (about 575 kB) into each notebook page, charts as base64
``data:`` images, and a MathJax and a Mermaid loader that point at outside hosts. On a phone that is seconds before
the first paint (Lighthouse: the playbook page was the slowest of the site). Called by the build hook
(``on_post_page``) for notebook pages only:

- every ``<style>`` block keeps only the rules whose class names all occur in the page (and the custom
  properties those rules use, transitively); a block that is a Python list's text (a mkdocs-jupyter quirk) goes;
- each ``data:image/png`` chart becomes a file next to the page (same bytes, named by their hash) with its
  width and height, loaded lazily, so the text paints first and the layout does not jump;
- the MathJax loader goes when its URL is empty (it never loaded anything), the Mermaid loader when the page
  has no Mermaid diagram.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
from pathlib import Path

import tinycss2

STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
CLASS_ATTR = re.compile(r'\bclass\s*=\s*"([^"]*)"')
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
DATA_PNG = re.compile(r'<img([^>]*?)\ssrc="data:image/png;base64,([A-Za-z0-9+/=\s]+)"([^>]*)>')
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded".*?'
                     r"<!-- End of mermaid configuration -->", re.S)


def is_notebook_page(html: str) -> bool:
    return 'class="jupyter-wrapper"' in html


def used_classes(html: str) -> set[str]:
    body = STYLE.sub("", html)
    return {c for attr in CLASS_ATTR.findall(body) for c in attr.split()}


def _selector_kept(selector: str, classes: set[str]) -> bool:
    """False when the selector needs a class no element of the page has. Classes inside ``:is()``, ``:not()``
    and the like are not required (``:not(.x)`` matches exactly when .x is absent), so they never drop a rule."""
    while True:
        outer = re.sub(r"\([^()]*\)", "", selector)
        if outer == selector:
            break
        selector = outer
    return all(c in classes for c in CLASS_IN_SELECTOR.findall(selector))


def _selectors(prelude) -> list[str]:
    """A selector list split at its top-level commas (not those inside ``:is(...)`` or ``:not(...)``)."""
    out: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            out.append([])
        else:
            out[-1].append(token)
    return [tinycss2.serialize(tokens).strip() for tokens in out]


def _prune_rules(rules, classes: set[str]) -> list:
    kept: list[tuple[str | None, object]] = []  # (selectors or an at-rule's head, declarations or nested rules)
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _selectors(rule.prelude)
            live = [s for s in selectors if _selector_kept(s, classes)]
            if live:
                kept.append((", ".join(live), tinycss2.serialize(rule.content)))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _prune_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), classes)
            if inner:
                kept.append((f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", inner))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "charset":
            continue
        elif rule.type == "at-rule":
            kept.append((None, rule.serialize()))
    return kept


def _declarations(body: str) -> list[tuple[str, str]]:
    out = []
    for d in tinycss2.parse_declaration_list(body, skip_comments=True, skip_whitespace=True):
        if d.type == "declaration":
            out.append((d.name if d.name.startswith("--") else d.lower_name,
                        tinycss2.serialize(d.value).strip() + (" !important" if d.important else "")))
    return out


def prune_css(blocks: list[str], classes: set[str], uses: str = "") -> list[str]:
    """Each stylesheet of ``blocks`` without the rules that cannot match (a class they need is not in
    ``classes``), and without custom properties that no kept declaration (nor ``uses``) refers to, across all
    blocks: one block may declare what another uses."""
    kept = [_prune_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), classes)
            for css in blocks]

    def walk(items):
        for head, body in items:
            if isinstance(body, list):
                yield from walk(body)
            elif head is not None:
                yield body

    bodies = [body for items in kept for body in walk(items)]
    declared: dict[str, list[str]] = {}
    todo = VAR_USE.findall(uses)
    for body in bodies:
        for name, value in _declarations(body):
            if name.startswith("--"):
                declared.setdefault(name, []).append(value)
            else:
                todo += VAR_USE.findall(value)
    needed: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            for value in declared.get(name, []):
                todo += VAR_USE.findall(value)

    def render(items) -> str:
        out = []
        for head, body in items:
            if isinstance(body, list):
                inner = render(body)
                if inner:
                    out.append(f"{head}{{{inner}}}")
            elif head is None:
                out.append(body)
            else:
                decls = [f"{n}:{v}" for n, v in _declarations(body) if not n.startswith("--") or n in needed]
                if decls:
                    out.append(f"{head}{{{';'.join(decls)}}}")
        return "\n".join(out)

    return [render(items) for items in kept]


def png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None


def slim(html: str, page_dir: Path) -> str:
    """A notebook page's HTML, lighter (see the module's docstring); charts are written into ``page_dir``."""
    classes = used_classes(html)

    body = STYLE.sub("", html)
    blocks = [m.group(2) for m in STYLE.finditer(html)]
    # the same stylesheet again, as the text of a Python list (a mkdocs-jupyter quirk): dropped
    live = [css for css in blocks if not css.strip().startswith("['")]
    pruned = iter(prune_css(live, classes, uses=body))

    def style(match: re.Match) -> str:
        if match.group(2).strip().startswith("['"):
            return ""
        css = next(pruned)
        return f"{match.group(1)}\n{css}\n{match.group(3)}" if css.strip() else ""

    html = STYLE.sub(style, html)

    def image(match: re.Match) -> str:
        data = base64.b64decode(re.sub(r"\s", "", match.group(2)))
        name = f"chart-{hashlib.sha256(data).hexdigest()[:16]}.png"
        page_dir.mkdir(parents=True, exist_ok=True)
        (page_dir / name).write_bytes(data)
        attrs = f"{match.group(1)}{match.group(3)}".rstrip("/ ")
        size = png_size(data)
        if size and "width=" not in attrs:
            attrs += f' width="{size[0]}" height="{size[1]}"'
        return f'<img{attrs} src="{name}" loading="lazy" decoding="async">'

    html = DATA_PNG.sub(image, html)
    if "jp-Mermaid" not in STYLE.sub("", MERMAID.sub("", html)):
        html = MERMAID.sub("", html)
    html = MATHJAX.sub(lambda m: "" if '<script src="">' in m.group(0) else m.group(0), html)
    return html
