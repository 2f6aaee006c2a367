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
    "snippets.commands.check",
    "snippets.commands.template",
    "snippets.commands.whatif",
]


def _modules_for(argv: list[str] | None) -> list[str]:
    """Every command module, or only the one a ``snippets.commands.NAME`` command needs when ``argv`` starts
    with NAME (so ``check`` does not import pandas to check one message)."""
    if argv:
        only = f"snippets.commands.{argv[0]}"
        if only in COMMAND_MODULES:
            return [only]
    return COMMAND_MODULES


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m snippets",
        description="Seller Ops Handbook tools: sample data, metrics, message checks, playbooks, the site.",
        epilog="Exit codes: 0 ok, 1 findings or failing metrics at error level, 2 could not run.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _modules_for(argv):
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as err:
        from snippets.outputs import for_terminal

        print(f"error: {for_terminal(str(err))}", file=sys.stderr)  # messages quote values from the user's file
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        print("error: the input is nested too deeply to read.", file=sys.stderr)
        return 2
    except MemoryError:
        print("error: the input is too large to read in memory.", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: no traceback for the user, but enough to report it (SNIPPETS_DEBUG=1 shows it)
        import os

        if os.environ.get("SNIPPETS_DEBUG") == "1":
            raise
        print(f"error: internal error, please report it with the command you ran: {type(err).__name__}: "
              f"{str(err)[:300]} (run with SNIPPETS_DEBUG=1 for the details)", file=sys.stderr)
        return 2
