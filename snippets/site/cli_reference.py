"""The command-line reference, generated from the argparse definitions in ``snippets/commands``: the pages
never hand-type an option table that could drift from the code. Option help is the parser's own (English);
the Chinese page introduces it in Chinese."""

from __future__ import annotations

import argparse

from snippets.cli import build_parser

HEAD = {"zh": ("| 选项 | 说明（取自命令自身的帮助） | 默认值 |", "| 命令 | 作用 |"),
        "en": ("| Option | What it does | Default |", "| Command | What it does |")}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _option_rows(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if action.option_strings:
            name = ", ".join(action.option_strings)
            if action.nargs != 0:
                choices = "{" + ",".join(map(str, action.choices)) + "}" if action.choices else action.dest.upper()
                name += " " + str(action.metavar or choices)
        else:
            name = str(action.metavar or action.dest)
            if action.choices:
                name += " {" + ",".join(map(str, action.choices)) + "}"
        default = "" if action.default in (None, False, [], argparse.SUPPRESS) else f"`{action.default}`"
        rows.append(f"| `{_cell(name)}` | {_cell(action.help or '')} | {default} |")
    return rows


def command_options_markdown(command: str, lang: str) -> str:
    """Usage line and option table of one command (e.g. "metrics")."""
    return _parser_markdown(_subparsers(build_parser())[command], lang)


def _parser_markdown(sub: argparse.ArgumentParser, lang: str, depth: int = 3) -> str:
    usage = " ".join(sub.format_usage().removeprefix("usage: ").split())  # one line, whatever the terminal width
    parts = ["```bash", usage, "```", ""]
    if sub.epilog:
        parts += [f"*{_cell(sub.epilog)}*", ""]
    rows = _option_rows(sub)
    parts += [HEAD[lang][0], "|---|---|---|", *rows, ""] if rows else []
    nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
    for name, child in (dict(nested[0].choices) if nested else {}).items():  # e.g. `template list`, `template show`
        parts += [f"{'#' * depth} `{sub.prog.removeprefix('python -m snippets ')} {name}`", "",
                  _parser_markdown(child, lang, depth + 1)]
    return "\n".join(parts) + "\n"


def commands_markdown(lang: str) -> str:
    """One row per command with its one-line help."""
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in action._choices_actions}
    rows = [f"| `{name}` | {_cell(helps.get(name) or '')} |" for name in _subparsers(parser)]
    return "\n".join([HEAD[lang][1], "|---|---|", *rows]) + "\n"


def cli_reference_markdown(lang: str) -> str:
    """Every command, its usage and its options."""
    out = [commands_markdown(lang)]
    for name in _subparsers(build_parser()):
        out += [f"## `{name}`" + (" {#" + name + "}"), "", command_options_markdown(name, lang)]
    return "\n".join(out)
