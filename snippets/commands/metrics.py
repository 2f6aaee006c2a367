"""`metrics FILE`: account-health metrics from your own order export.

Exit codes: 0 every metric passes (or has no data); 1 at least one metric fails; 2 the file could not be used.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from snippets.markets import PLATFORMS, SITE_LANGUAGES


def register(sub) -> None:
    p = sub.add_parser("metrics", help="account-health metrics (ODR, late shipment, cancels, tracking, delivery) "
                                       "from your order export",
                       description="Account-health metrics from your own order export (CSV, TSV or XLSX).",
                       epilog="Exit codes: 0 all pass, 1 a metric fails, 2 could not run.")
    p.add_argument("file", type=Path, help="orders: CSV, TSV / Amazon flat file (.txt) or XLSX")
    p.add_argument("--as-of", type=_iso_date, metavar="YYYY-MM-DD",
                   help="last day of the windows (default: the last purchase date in the file)")
    p.add_argument("--platform", default="amazon", choices=PLATFORMS, help="whose metrics and targets to use")
    p.add_argument("--tz", metavar="ZONE", help="time zone of timestamps without offset and of calendar days "
                                                "(IANA name, e.g. Asia/Shanghai; default UTC)")
    p.add_argument("--map", action="append", default=[], metavar="HEADER=field",
                   help="use column HEADER as canonical field (repeatable), e.g. --map '发货日期=ship_date'")
    p.add_argument("--by", metavar="COLUMN", help="show which groups of this column hold the orders counting against "
                                                  "each metric (sku, carrier, ship_from, or any header)")
    p.add_argument("--format", choices=["table", "json"], default="table", help="a table for people, JSON for scripts")
    p.add_argument("--lang", choices=SITE_LANGUAGES, default="zh", help="table language (default zh)")
    p.set_defaults(func=run)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        import argparse

        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None


def run(args) -> int:
    from snippets.metrics.calculate import run_metrics
    from snippets.metrics.report import render_table

    report = run_metrics(args.file, platform=args.platform, as_of=args.as_of, tz=args.tz, mapping=args.map,
                         by=args.by)
    if args.format == "json":  # strict JSON: a NaN or Infinity here is a bug, not output
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1, allow_nan=False))
    else:
        from snippets.outputs import for_terminal

        print(for_terminal(render_table(report, args.lang)))  # values from the file: no escape sequences
    return 1 if report.failing else 0


