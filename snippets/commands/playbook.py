"""`playbook list|run`: the playbook notebooks, run headless on your own files, one store or many."""

from __future__ import annotations

import sys
from pathlib import Path

from snippets.errors import UserError

DEFAULT_TIMEOUT = 300  # seconds per cell; nbclient has no limit by default


def register(sub) -> None:
    p = sub.add_parser("playbook", help="list the playbooks, or run one headless on your own files",
                       description="Run a playbook on your files, or on every store in a table with --each. "
                                   "The notebooks stay papermill-compatible (a cell tagged 'parameters').")
    p.add_argument("action", choices=["list", "run"])
    p.add_argument("name", nargs="?", help="playbook name (see `playbook list`) or path to a .ipynb")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="set a parameter, e.g. -p orders_file=orders.txt (repeatable; see `playbook list`)")
    p.add_argument("--output", "-o", type=Path,
                   help="the report (.html or .ipynb); with --each, the folder the reports go into")
    p.add_argument("--each", type=Path, metavar="STORES.CSV",
                   help="run once per row of this table: a 'store' column, then one column per parameter")
    p.add_argument("--jobs", "-j", type=int, default=2, metavar="N", help="with --each: stores run at a time (default 2)")
    p.add_argument("--format", choices=["html", "ipynb"], default="html", help="with --each: report format (default html)")
    p.add_argument("--force", action="store_true", help="overwrite --output (with --each: the reports in it) if it exists (never an input file)")
    p.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help=f"seconds per cell (default {DEFAULT_TIMEOUT})")
    p.set_defaults(func=run)


def _list() -> int:
    import nbformat

    from snippets.playbooks.params import parameter_table
    from snippets.playbooks.runner import list_playbooks

    for path in list_playbooks():
        nb = nbformat.read(path, as_version=4)
        print(path.stem)
        for name, kind, default, help_text in parameter_table(nb):
            print(f"    {name:<14} {kind:<14} default {default:<10} {help_text}")
    return 0


def run(args) -> int:
    from snippets.playbooks.runner import run_playbook, run_stoppable, split_param

    if args.action == "list":
        return _list()
    if not args.name:
        raise UserError("`playbook run` needs a playbook name; see `python -m snippets playbook list`")
    if args.timeout < 1:
        raise UserError("--timeout must be at least 1 second")
    if args.each:
        from snippets.playbooks.fleet import run_each

        if args.param:
            raise UserError("--each takes the parameters from the table; put them in columns instead of -p")
        if not args.output:
            raise UserError("--each needs --output FOLDER for the reports")
        runs = run_each(args.name, args.each, args.output, args.jobs, args.timeout, f".{args.format}",
                        force=args.force)
        return 1 if any(r.status != "ok" for r in runs) else 0
    params = dict(split_param(p) for p in args.param)
    if args.output:  # say so before a long run, not after
        from snippets.outputs import check_output_file
        from snippets.playbooks.report import check_report_path

        inputs = [Path(v) for v in params.values() if isinstance(v, str) and v and Path(v).is_file()]
        check_output_file(args.output, args.force, inputs)  # first: overwriting an input is the worse mistake
        check_report_path(args.output)
    nb = run_stoppable(lambda: run_playbook(args.name, params, args.timeout, progress=True))
    if args.output:
        from snippets.playbooks.report import write_report

        write_report(nb, args.output)
        from snippets.outputs import for_terminal

        print(for_terminal(f"wrote {args.output}"), file=sys.stderr)
    return 0
