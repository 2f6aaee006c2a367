"""`sample-data OUTDIR`: synthetic orders, claims and buyer messages, deterministic for a seed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from snippets.errors import UserError
from snippets.markets import SAMPLE_DATA_END as DEFAULT_END

MAX_ORDERS = 2_000_000  # about 1 GB of memory while generating
SAMPLE_FILES = ("orders.txt", "claims.csv", "messages.jsonl")


def register(sub) -> None:
    p = sub.add_parser("sample-data", help="write synthetic orders, claims, returns, messages and a user roster (deterministic for a seed)",
                       description="Synthetic but realistic seller exports (orders.txt, claims.csv, messages.jsonl, returns.csv, "
                                   "message-export.csv, users.csv and an exports/ folder), deterministic for a seed.")
    p.add_argument("outdir", type=_folder, help="folder to write the sample exports into")
    p.add_argument("--orders", type=int, default=2000, metavar="N", help="number of orders (default 2000)")
    p.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default 7)")
    p.add_argument("--end", type=date.fromisoformat, default=DEFAULT_END, metavar="YYYY-MM-DD",
                   help=f"last purchase day (default {DEFAULT_END})")
    p.add_argument("--force", action="store_true", help="overwrite the sample files if the folder already has them")
    p.set_defaults(func=run)


def _folder(text: str) -> Path:
    """A folder name that is not blank: an empty argument (an unset "$DIR" in a script) would write the
    sample files into the current folder."""
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError("the folder name is empty; give the folder for the sample files")
    return Path(text)


def run(args) -> int:
    from snippets.sample_data import write_sample_data

    if not 1 <= args.orders <= MAX_ORDERS:
        raise UserError(f"--orders must be from 1 to {MAX_ORDERS:,}")
    if args.seed < 0:
        raise UserError("--seed must be 0 or a positive whole number")
    if not date(2000, 1, 1) <= args.end <= date(2099, 12, 31):
        raise UserError("--end must be a day from 2000-01-01 to 2099-12-31")
    if args.outdir.exists() and not args.outdir.is_dir():
        raise UserError(f"{args.outdir}: this is a file, not a folder. Give a folder for the sample files.")
    existing = [n for n in SAMPLE_FILES if (args.outdir / n).exists()]
    if existing and not args.force:
        raise UserError(f"{args.outdir}: already has {', '.join(existing)}. Choose an empty folder, or add --force "
                        "to overwrite them.")
    try:
        paths = write_sample_data(args.outdir, args.orders, args.seed, args.end)
    except OSError as err:
        raise UserError(f"{args.outdir}: cannot write the sample files ({err.strerror}). Choose a folder you can write to.") from err
    from snippets.outputs import for_terminal

    for kind, path in paths.items():
        print(for_terminal(f"{kind:9s} {path}"))
    return 0


