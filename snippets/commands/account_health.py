"""`account-health REPORT.json`: Amazon's own account health report (GET_V2_SELLER_PERFORMANCE_REPORT)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from snippets.markets import SITE_LANGUAGES


def register(sub) -> None:
    p = sub.add_parser("account-health", help="read Amazon's account health report "
                                              "(GET_V2_SELLER_PERFORMANCE_REPORT JSON)",
                       description="Read Amazon's account health report (GET_V2_SELLER_PERFORMANCE_REPORT, "
                                   "JSON) and show it like the metrics command.",
                       epilog="Exit codes: 0 all pass, 1 a metric fails or a policy category has violations, "
                              "2 could not read the report.")
    p.add_argument("report", type=Path, help="the report JSON as downloaded through the SP-API")
    p.add_argument("--marketplace", metavar="ID", help="marketplace id (default: the first in the report)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--lang", choices=SITE_LANGUAGES, default="zh")
    p.set_defaults(func=run)


def run(args) -> int:
    from snippets.metrics.amazon_report import load_report, render_table, summarize

    doc = summarize(load_report(args.report), args.report, args.marketplace)
    if args.format == "json":
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(render_table(doc, args.lang))
    failing = any(m["status"] == "fail" for m in doc["metrics"]) or doc["policy_violations"]
    return 1 if failing else 0
