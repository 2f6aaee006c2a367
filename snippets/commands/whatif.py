"""`whatif`: one metric's rate, status, headroom and orders needed for counts typed in by hand.

The site's what-if calculator runs the same function (``snippets.metrics.headroom.what_if``) in the page.
"""

from __future__ import annotations

from snippets.markets import PLATFORMS, SITE_LANGUAGES


def register(sub) -> None:
    p = sub.add_parser("whatif", help="what if the window had N orders and K defects: rate, status, headroom",
                       description="One metric's rate, status against its target, headroom and orders needed, for "
                                   "counts you type in. Exit codes: 0 passes (or no orders), 1 fails, 2 could not run.")
    p.add_argument("metric", metavar="METRIC", help="metric id, e.g. order_defect_rate, late_shipment_rate_10d (an unknown id lists them)")
    p.add_argument("--platform", choices=PLATFORMS, default="amazon", help="marketplace (default amazon)")
    p.add_argument("--orders", type=int, required=True, help="orders in the metric's window (the denominator)")
    p.add_argument("--count", type=int, required=True,
                   help="orders counted by the metric: defects, late shipments, cancellations, valid tracking ...")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--lang", choices=SITE_LANGUAGES, default="zh", help="language of the text output (default zh)")
    p.set_defaults(func=run)


def run(args) -> int:
    import json

    from snippets.metrics.definitions import Target, format_target, platform_metrics
    from snippets.metrics.headroom import what_if

    doc = what_if(args.platform, args.metric, args.count, args.orders)
    if args.format == "json":
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        metric = next(m for m in platform_metrics(args.platform) if m.id == args.metric)
        target = format_target(Target(doc["target"]["op"], doc["target"]["value"]))
        zh = args.lang == "zh"
        rate = "—" if doc["value"] is None else f"{doc['value'] * 100:.2f}%"
        status = {"pass": ("达标", "pass"), "fail": ("未达标", "fail"), "no_data": ("无订单", "no orders")}[doc["status"]]
        needed = doc["orders_needed"]
        lines = [f"{metric.name(args.lang)} ({metric.id}): {doc['numerator']} / {doc['denominator']} = {rate}",
                 ("目标 " if zh else "target ") + target + (" · " + status[0 if zh else 1])]
        if doc["headroom"] is not None:
            lines.append(("余量 " if zh else "headroom ") + str(doc["headroom"]))
            lines.append(("还需订单 " if zh else "orders needed ") + ("—" if needed is None else str(needed)))
        print("\n".join(lines))
    return int(doc["status"] == "fail")
