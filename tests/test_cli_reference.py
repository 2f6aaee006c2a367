"""The command reference on the site comes from the argparse definitions, and no page hand-types an option table."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from snippets.cli import build_parser
from snippets.site.cli_reference import cli_reference_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_command_and_option_is_in_the_reference():
    text = cli_reference_markdown("en")
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    parsers = dict(sub.choices)
    for name, parser in list(parsers.items()):
        nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        parsers.update({f"{name} {child}": p for a in nested for child, p in a.choices.items()})
    for name, parser in parsers.items():
        assert f"`{name}`" in text
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            for option in action.option_strings:
                assert f"`{option}" in text or f", {option}" in text, f"{name} {option} missing"


def test_no_page_hand_types_an_option_table():
    rows = [f"{p.relative_to(DOCS)}:{n}" for p in DOCS.rglob("*.md")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if re.match(r"\|\s*`--[a-z]", line)]
    assert not rows, f"option tables typed by hand (use <!-- generated: cli-... -->): {rows}"
