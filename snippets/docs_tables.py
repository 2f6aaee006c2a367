"""Generated page content. A page writes ``<!-- generated: NAME -->`` and the build puts the
output of ``GENERATORS[NAME](lang)`` in its place, so tables are never retyped on a page."""

from __future__ import annotations

from collections.abc import Callable

from snippets.glossary import glossary_markdown

GENERATORS: dict[str, Callable[[str], str]] = {
    "glossary": glossary_markdown,
}
