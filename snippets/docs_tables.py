"""Generated page content. A page writes ``<!-- generated: NAME -->`` and the build puts the
output of ``GENERATORS[NAME](lang)`` in its place, so tables are never retyped on a page."""

from __future__ import annotations

from collections.abc import Callable

from snippets.glossary import glossary_markdown
from snippets.messages.rule_pages import message_rules_markdown
from snippets.metrics.definitions import metric_definitions_markdown, platform_comparison_markdown
from snippets.templates import reply_templates_markdown

GENERATORS: dict[str, Callable[[str], str]] = {
    "glossary": glossary_markdown,
    "metric-definitions": metric_definitions_markdown,
    "platform-comparison": platform_comparison_markdown,
    "message-rules": message_rules_markdown,
    "reply-templates": reply_templates_markdown,
}
