"""`account-health REPORT.json`: Amazon's own account health report (GET_V2_SELLER_PERFORMANCE_REPORT)."""

from __future__ import annotations

import json
from pathlib import Path

from snippets.markets import SITE_LANGUAGES


def register(sub) -> None:
    p = sub.add_parser("account-health", help="read Amazon's account health report "
                                              "(GET_V2_SELLER_PERFORMANCE_REPORT JSON)",
                       description="Read Amazon's account health report (GET_V2_SELLER_PERFORMANCE_REPORT, "
                                   "JSON) and show it like the metrics command.",
                       epilog="Exit codes: 0 healthy (account NORMAL, every metric passes, no policy violation), "
                              "1 needs attention (a status other than NORMAL, a warned rating, a failing metric, a "
                              "policy violation or warning, or no metric with data), 2 could not read the report.")
    p.add_argument("report", type=Path, help="the report JSON as downloaded through the SP-API")
    p.add_argument("--marketplace", metavar="ID", help="marketplace id (default: the first in the report)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--lang", choices=SITE_LANGUAGES, default="zh")
    p.set_defaults(func=run)


def run(args) -> int:
    from snippets.metrics.amazon_report import attention, load_report, render_table, summarize

    report = summarize(load_report(args.report), args.report, args.marketplace)
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1, allow_nan=False))
    else:
        from snippets.outputs import for_terminal

        print(for_terminal(render_table(report, args.lang)))  # values from the report: no escape sequences
    # Not only failing metrics: an account at risk or suspended, a warned rating, or a report without any
    # metric data is not a healthy account (exit 1; see amazon_report.attention).
    return 1 if attention(report) else 0
