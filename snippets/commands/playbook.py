"""`playbook list|run`: the playbook notebooks, run headless on your own files."""

from __future__ import annotations

import sys
from pathlib import Path

from snippets.errors import UserError

DEFAULT_TIMEOUT = 300  # seconds per cell; nbclient has no limit by default


def register(sub) -> None:
    p = sub.add_parser("playbook", help="list the playbooks, or run one headless on your own files")
    p.add_argument("action", choices=["list", "run"])
    p.add_argument("name", nargs="?", help="playbook name (see `playbook list`) or path to a .ipynb")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                   help="set a parameter, e.g. -p orders_file=orders.txt (repeatable)")
    p.add_argument("--output", "-o", type=Path, help="write the executed notebook here (.ipynb or .html)")
    p.add_argument("--force", action="store_true", help="overwrite --output if it exists (never an input file)")
    p.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help=f"seconds per cell (default {DEFAULT_TIMEOUT})")
    p.set_defaults(func=run)


def run(args) -> int:
    from snippets.playbooks.runner import list_playbooks, parse_param, run_playbook

    if args.action == "list":
        for path in list_playbooks():
            print(path.stem)
        return 0
    if not args.name:
        raise UserError("`playbook run` needs a playbook name; see `python -m snippets playbook list`")
    params = dict(parse_param(p) for p in args.param)
    if args.output:  # say so before a long run, not after
        from snippets.outputs import check_output_file

        inputs = [Path(v) for v in params.values() if isinstance(v, str) and v and Path(v).is_file()]
        check_output_file(args.output, args.force, inputs)
    nb = run_playbook(args.name, params, args.timeout, progress=True)
    if args.output:
        import nbformat

        if args.output.suffix == ".html":
            from nbconvert import HTMLExporter

            body, _ = HTMLExporter().from_notebook_node(nb)
            args.output.write_text(body, encoding="utf-8")
        else:
            nbformat.write(nb, args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    return 0
