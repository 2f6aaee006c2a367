"""Generated page content. A page writes ``<!-- generated: NAME -->`` and the build puts the
output of ``GENERATORS[NAME](lang)`` in its place, so tables are never retyped on a page."""

from __future__ import annotations

import functools
from collections.abc import Callable

from snippets.facts import deadlines_markdown
from snippets.glossary import glossary_markdown
from snippets.messages.rule_pages import message_rules_markdown
from snippets.metrics.definitions import metric_definitions_markdown, platform_comparison_markdown
from snippets.site.cli_reference import cli_reference_markdown, command_options_markdown, commands_markdown
from snippets.templates.page import GROUPS, fill_links_markdown, group_markdown, groups_markdown


def _group(slug: str, lang: str) -> str:
    return group_markdown(slug, lang)


GENERATORS: dict[str, Callable[[str], str]] = {
    "glossary": glossary_markdown,
    "metric-definitions": metric_definitions_markdown,
    "platform-comparison": platform_comparison_markdown,
    "message-rules": message_rules_markdown,
    "template-groups": groups_markdown,
    # one page per group of situations: messaging/templates-SLUG.md
    **{f"reply-templates-{slug}": functools.partial(_group, slug) for slug, _title, _ids in GROUPS},
    "template-fill-links": fill_links_markdown,
    "cli-reference": cli_reference_markdown,
    "cli-commands": commands_markdown,
    "cli-metrics": lambda lang: command_options_markdown("metrics", lang),
    "cli-check": lambda lang: command_options_markdown("check", lang),
    "deadlines": deadlines_markdown,
}
