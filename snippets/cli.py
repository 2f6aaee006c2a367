"""`python -m snippets <command>`: a thin command line over the library.

Exit codes, shared by every command:
  0  done; nothing at error level
  1  done, and something is at error level (a failing metric, a message finding at error level)
  2  could not run: bad arguments, unreadable or invalid input (the message says what and where)
"""

from __future__ import annotations

import argparse
import importlib
import sys

from snippets import __version__
from snippets.errors import UserError

# Each command module registers its own sub-command through `register(subparsers)` and imports the library it
# calls only when it runs, so `--help` and `check` start fast. No library module imports a command module.
COMMAND_MODULES = [
    "snippets.commands.sample_data",
    "snippets.commands.glossary",
    "snippets.commands.playbook",
    "snippets.commands.site",
    "snippets.commands.metrics",
    "snippets.commands.account_health",
    "snippets.commands.whatif",
    "snippets.messages.command",
    "snippets.templates",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m snippets",
        description="Seller Ops Handbook tools: sample data, metrics, message checks, playbooks, the site.",
        epilog="Exit codes: 0 ok, 1 findings or failing metrics at error level, 2 could not run.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
