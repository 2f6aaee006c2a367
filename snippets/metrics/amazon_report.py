"""Amazon's own account health report (``python -m snippets account-health REPORT.json``).

The report is GET_V2_SELLER_PERFORMANCE_REPORT (schema accountHealthReport-2020-11-18.json). Its field names
differ between the declared schema and Amazon's example (policy-facts §1.11), so both spellings are read. The
report's own targets and date ranges are used, never ours. Output has the shape of ``python -m snippets metrics``
plus ``ahr_status``, ``account_statuses``, ``policy_violations`` and ``warning_states``.

Exit codes: 0 healthy; 1 needs attention (see ``attention``); 2 the report is unreadable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from snippets.errors import UserError
from snippets.metrics.definitions import Target
from snippets.metrics.model import MetricResult, Window

CONDITIONS = {"LESS_THAN": "<", "GREATER_THAN": ">", "EQUALS": "=="}
# (our metric id, report object, alternative spellings, numerator field, denominator field)
RATE_METRICS = [
    ("pre_fulfillment_cancel_rate", "preFulfillmentCancellationRate", ("prefulfillmentCancelRate",),
     "cancellationCount", "orderCount"),
    ("valid_tracking_rate", "validTrackingRate", (), "validTrackingCount", "shipmentCount"),
    ("on_time_delivery_rate", "unitOnTimeDeliveryRate", (), "unitOnTimeDeliveryCount", "totalUnitCount"),
    ("on_time_delivery_rate_packages", "onTimeDeliveryRate", (), "onTimeDeliveryCount",
     "shipmentCountWithValidTracking"),
    ("invoice_defect_rate", "invoiceDefectRate", (), "invoiceDefect.count", "orderCount"),
]
ODR_PARTS = [("order_defect_rate", "orderWithDefects.count"), ("negative_feedback_rate", "negativeFeedback.count"),
             ("a_to_z_claim_rate", "claims.count"), ("chargeback_rate", "chargebacks.count")]
POLICY_CATEGORIES = {
    # report field (and alternative spellings): (zh, en)
    "listingPolicyViolations": ("商品政策违规", "Listing policy violations"),
    "productAuthenticityCustomerComplaints": ("商品真实性买家投诉", "Product authenticity customer complaints"),
    "productConditionCustomerComplaints": ("商品状况买家投诉", "Product condition customer complaints"),
    "productSafetyCustomerComplaints": ("商品安全买家投诉", "Product safety customer complaints"),
    "receivedIntellectualPropertyComplaints": ("收到的知识产权投诉", "Received intellectual property complaints"),
    "restrictedProductPolicyViolations": ("受限商品政策违规", "Restricted product policy violations"),
    "suspectedIntellectualPropertyViolations": ("涉嫌知识产权侵权", "Suspected intellectual property violations"),
    "foodAndProductSafetyIssues": ("食品和商品安全问题", "Food and product safety issues"),
    "otherPolicyViolations": ("其他政策违规", "Other policy violations"),
    "documentRequests": ("文件要求", "Document requests"),
    "customerProductReviewsPolicyViolations": ("买家商品评论政策违规", "Customer product reviews policy violations"),
}
POLICY_ALIASES = {"documentRequest": "documentRequests"}
EXTRA_NAMES = {
    "on_time_delivery_rate_packages": ("准时送达率（按包裹，旧版）", "On-Time Delivery (packages, legacy)"),
    "invoice_defect_rate": ("发票缺陷率", "Invoice Defect Rate"),
}
TEXT: dict[str, dict[str, Any]] = {
    "zh": {"ahr": "账户健康评级状态", "accounts": "账户状态", "policy": "政策合规（数量不为 0 的类别）",
           "warnings": "警告", "none": "无", "marketplace": "站点", "others": "报告中的其他站点",
           "attention": "需要处理", "healthy": "账户状态正常，所有指标达标，没有政策违规"},
    "en": {"ahr": "Account Health Rating status", "accounts": "Account status", "policy":
           "Policy compliance (categories with a non-zero count)", "warnings": "Warnings", "none": "none",
           "marketplace": "Marketplace", "others": "Other marketplaces in the report",
           "attention": "Needs attention", "healthy": "account normal, every metric passes, no policy violations"},
}


class _Report:
    """Field access that names the exact field when it is missing or malformed."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, problem: str) -> UserError:
        return UserError(f"{self.path}: report field '{where}' {problem}. This does not look like a complete "
                         "GET_V2_SELLER_PERFORMANCE_REPORT document; download the report again.")

    def get(self, obj: dict, key: str, where: str, kind: type | tuple[type, ...], required: bool = True):
        node, path = obj, where
        for part in key.split("."):
            path = f"{path}.{part}"
            if not isinstance(node, dict) or part not in node or node[part] is None:
                if required:
                    raise self.fail(path, "is missing")
                return None
            node = node[part]
        if isinstance(node, bool) or not isinstance(node, kind):
            raise self.fail(path, f"should be {_kind_name(kind)}, found {_shown(node)}")
        if isinstance(node, int) and not 0 <= node <= MAX_COUNT:
            raise self.fail(path, f"should be a count from 0 to {MAX_COUNT:,}, found {_shown(node)}")
        if isinstance(node, float) and not 0 <= node <= MAX_COUNT:  # NaN fails both comparisons
            raise self.fail(path, f"should be a number from 0 to {MAX_COUNT:,}, found {_shown(node)}")
        return node

    def date_range(self, obj: dict, where: str) -> Window:
        rng = self.get(obj, "reportingDateRange", where, dict)
        out = {}
        for key, name in (("reportingDateFrom", "start"), ("reportingDateTo", "end")):
            text = self.get(rng, key, f"{where}.reportingDateRange", str)
            try:
                out[name] = datetime.fromisoformat(text).date().isoformat()
            except ValueError:
                raise self.fail(f"{where}.reportingDateRange.{key}", f"is not a date-time: '{text}'") from None
        return Window(**out)

    def target(self, obj: dict, where: str) -> Target:
        cond = self.get(obj, "targetCondition", where, str)
        if cond not in CONDITIONS:
            raise self.fail(f"{where}.targetCondition", f"should be one of {', '.join(CONDITIONS)}, found '{cond}'")
        return Target(CONDITIONS[cond], self.get(obj, "targetValue", where, (int, float)))


def _shown(node) -> str:
    """A value from the report, short, as JSON shows it (NaN and huge numbers included, never an exception)."""
    if isinstance(node, int) and abs(node) >= 10**60:
        return f"a number with {len(str(abs(node)))} digits"
    try:
        return json.dumps(node)[:60]
    except (ValueError, TypeError, RecursionError):
        return repr(node)[:60]


def _kind_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number"}
    return " or ".join(dict.fromkeys(names[k] for k in kinds))


MAX_COUNT = 10**12  # no marketplace count or rate is larger; a bigger number is a broken report
MAX_REPORT_BYTES = 64 << 20  # a report is a few KB per marketplace


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:40]} is too large to be a number")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 30:
        raise ValueError(f"a {len(text)}-digit number is not a count")
    return int(text)


def load_report(path: Path) -> dict:
    from snippets.inputs import read_regular_file

    data = read_regular_file(path, MAX_REPORT_BYTES, what="the report")
    try:
        doc = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant, parse_float=_finite_float,
                         parse_int=_bounded_int)
    except (UnicodeDecodeError, ValueError) as err:  # JSONDecodeError is a ValueError
        raise UserError(f"{path}: not a JSON document ({err}). Download the GET_V2_SELLER_PERFORMANCE_REPORT "
                        "again; it is JSON, not the older XML V1 report.") from err
    except RecursionError as err:
        raise UserError(f"{path}: not a report: its JSON is nested too deeply. Download the "
                        "GET_V2_SELLER_PERFORMANCE_REPORT again.") from err
    if not isinstance(doc, dict):
        raise UserError(f"{path}: the report should be a JSON object with accountStatuses and performanceMetrics.")
    return doc


def _metric(r: _Report, obj: dict, where: str, metric_id: str, channel: str, num_key: str, den_key: str,
            target: Target | None = None, window: Window | None = None, rate_key: str | None = "rate",
            target_from: str | None = None) -> MetricResult:
    from snippets.metrics.headroom import headroom_and_needed

    num = r.get(obj, num_key, where, int)
    den = r.get(obj, den_key, where, int)
    target = target or r.target(obj, where)
    rate = r.get(obj, rate_key, where, (int, float), required=False) if rate_key else None
    value = rate if rate is not None else (num / den if den else None)
    out = MetricResult(id=metric_id, channel=channel, value=None if value is None else round(value, 6),
                       numerator=num, denominator=den, window=window or r.date_range(obj, where), target=target,
                       target_from=target_from)
    if den and value is not None and target.op != "==":
        # Status, headroom and orders needed come from one pair of numbers: the counts when they agree with
        # the rate, else the count the rate stands for (Amazon's rate decides the status).
        n = num if num <= den and abs(value - num / den) <= 0.001 else _count_of_rate(target, value, den)
        met = target.met(n, den)
        headroom, needed = headroom_and_needed(target, n, den)
        out = replace(out, status="pass" if met else "fail", headroom=headroom if met else 0,
                      orders_needed=0 if met else (None if needed < 0 else needed))
    notes = []
    if num > den:
        notes.append(f"{num_key} ({num}) is larger than {den_key} ({den}) in the report")
    elif rate is not None and den and abs(rate - num / den) > 0.001:
        notes.append(f"the report's rate ({rate:.2%}) differs from {num_key}/{den_key} ({num / den:.2%}); "
                     "status follows the rate")
    report_status = r.get(obj, "status", where, str, required=False)
    if report_status in ("GOOD", "BAD") and out.status != {"GOOD": "pass", "BAD": "fail"}[report_status]:
        notes.append(f"the report itself says {report_status}")
    return replace(out, notes=tuple(notes))


def _count_of_rate(target: Target, rate: float, den: int) -> int:
    """The whole count out of ``den`` nearest ``rate`` that passes or fails the target exactly as the rate does."""
    from fractions import Fraction

    goal = Fraction(str(target.value))
    exact = Fraction(str(rate))
    met = {"<": exact < goal, "<=": exact <= goal, ">": exact > goal, ">=": exact >= goal}[target.op]
    n = min(den, max(0, round(exact * den)))
    for k in (n, n - 1, n + 1, n - 2, n + 2):
        if 0 <= k <= den and target.met(k, den) == met:
            return k
    return n


@dataclass(frozen=True)
class PolicyViolation:
    id: str  # a key of POLICY_CATEGORIES
    count: int
    status: str | None
    window: Window
    target: Target

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "count": self.count, "status": self.status, "window": self.window.to_json(),
                "target": {"op": self.target.op, "value": self.target.value}}


@dataclass(frozen=True)
class HealthReport:
    """One marketplace of Amazon's report, in the shape of the metrics document plus what only the report has.

    ``account_statuses`` and ``warning_states`` are the report's own objects (marketplace_id/status pairs and
    warning objects), passed through as they are."""

    marketplace_id: Any
    other_marketplaces: tuple[Any, ...]
    metrics: tuple[MetricResult, ...]
    ahr_status: Any
    ahr_score: Any
    account_statuses: tuple[dict[str, Any], ...]
    policy_violations: tuple[PolicyViolation, ...]
    warning_states: tuple[dict[str, Any], ...]
    file: str
    platform: str = "amazon"

    @property
    def as_of(self) -> str | None:
        ends = [m.window.end for m in self.metrics] + [v.window.end for v in self.policy_violations]
        return max(ends) if ends else None

    def to_json(self) -> dict[str, Any]:
        return {
            # "rows" keeps the shape of the metrics document; a report has no rows of ours to count.
            "platform": self.platform, "as_of": self.as_of, "rows": None, "marketplace_id": self.marketplace_id,
            "other_marketplaces": list(self.other_marketplaces),
            "metrics": [_report_metric_json(m) for m in self.metrics], "ahr_status": self.ahr_status,
            "ahr_score": self.ahr_score,
            "account_statuses": list(self.account_statuses),
            "policy_violations": [v.to_json() for v in self.policy_violations],
            "warning_states": list(self.warning_states),
            "source": {"file": self.file, "report_type": REPORT_TYPE},
            "attention": attention(self),
        }


REPORT_TYPE = "GET_V2_SELLER_PERFORMANCE_REPORT"


def _report_metric_json(m: MetricResult) -> dict[str, Any]:
    """A metric of the report as JSON: its notes come before target_from (the order this document has always had)."""
    out = m.to_json()
    if m.target_from and m.notes:
        out["target_from"] = out.pop("target_from")
    return out


ACCOUNT_OK = {"NORMAL"}
AHR_OK = {"GREAT"}


def attention(report: HealthReport, lang: str = "en") -> list[str]:
    """Why the account needs attention; [] when it does not. The command exits 1 when there is any reason."""
    zh = lang == "zh"
    out = []
    bad = [f"{s['marketplace_id']} {s['status']}" for s in report.account_statuses
           if str(s["status"]) not in ACCOUNT_OK]
    if bad:
        out.append(("账户状态 " if zh else "account status ") + ", ".join(bad))
    if report.ahr_status is not None and str(report.ahr_status) not in AHR_OK:
        out.append(("账户健康评级状态 " if zh else "Account Health Rating status ") + str(report.ahr_status))
    failing = [f"{m.id} {m.channel}" for m in report.metrics if m.status == "fail"]
    if failing:
        out.append(("未达标：" if zh else "failing: ") + ", ".join(failing))
    if not any(m.status in ("pass", "fail") for m in report.metrics):
        out.append("报告中没有任何有数据的指标，无法确认账户健康" if zh else
                   "no metric in the report has data, so the account's health cannot be confirmed")
    if report.policy_violations:
        n = len(report.policy_violations)
        out.append(f"{n} 个政策类别有违规" if zh else f"{n} policy categories with violations")
    warned = [str(w.get("warningType")) for w in report.warning_states
              if str(w.get("status")) not in ("GOOD", "None")]
    if warned:
        out.append(("警告：" if zh else "warnings: ") + ", ".join(warned))
    return out


def summarize(report: dict, path: Path, marketplace: str | None = None) -> HealthReport:
    """One marketplace of the report (default: the first)."""
    r = _Report(path)
    statuses = r.get(report, "accountStatuses", "report", list)
    perf = r.get(report, "performanceMetrics", "report", list)
    if not perf:
        raise r.fail("report.performanceMetrics", "is empty")
    ids = [p.get("marketplaceId") if isinstance(p, dict) else None for p in perf]
    if marketplace and marketplace not in ids:
        raise UserError(f"{path}: marketplace {marketplace} is not in the report; it has {', '.join(map(str, ids))}")
    i = ids.index(marketplace) if marketplace else 0
    where = f"performanceMetrics[{i}]"
    pm = perf[i]
    if not isinstance(pm, dict):
        raise r.fail(where, "should be an object")

    metrics = []
    odr = r.get(pm, "orderDefectRate", where, dict, required=False) or {}
    for key, channel in (("mfn", "MFN"), ("afn", "AFN")):
        if key not in odr:
            continue
        w = f"{where}.orderDefectRate.{key}"
        obj = r.get(odr, key, f"{where}.orderDefectRate", dict)
        target, window = r.target(obj, w), r.date_range(obj, w)
        for metric_id, num_key in ODR_PARTS:
            odr_itself = metric_id == "order_defect_rate"
            metrics.append(_metric(r, obj, w, metric_id, channel, num_key, "orderCount", target, window,
                                   rate_key="rate" if odr_itself else None,
                                   target_from=None if odr_itself else "order_defect_rate"))
    lsr = r.get(pm, "lateShipmentRate", where, dict, required=False)
    if lsr:
        window = r.date_range(lsr, f"{where}.lateShipmentRate")
        days = (datetime.fromisoformat(window.end) - datetime.fromisoformat(window.start)).days + 1
        metric_id = "late_shipment_rate_10d" if days <= 15 else "late_shipment_rate_30d"
        metrics.append(_metric(r, lsr, f"{where}.lateShipmentRate", metric_id, "MFN", "lateShipmentCount",
                               "orderCount", window=window))
    for metric_id, key, alternatives, num_key, den_key in RATE_METRICS:
        name = next((k for k in (key, *alternatives) if k in pm), None)
        if name:
            obj = r.get(pm, name, where, dict)
            metrics.append(_metric(r, obj, f"{where}.{name}", metric_id, "MFN", num_key, den_key))

    violations = []
    for name in pm:
        category = POLICY_ALIASES.get(name, name)
        if category not in POLICY_CATEGORIES:
            continue
        w = f"{where}.{name}"
        obj = r.get(pm, name, where, dict)
        count = r.get(obj, "defectsCount", w, int)
        if count:
            violations.append(PolicyViolation(id=category, count=count, status=r.get(obj, "status", w, str, False),
                                              window=r.date_range(obj, w), target=r.target(obj, w)))
    violations.sort(key=lambda v: -v.count)
    ahr = r.get(pm, "accountHealthRating", where, dict, required=False) or {}
    ahr_status = next((ahr[k] for k in ("ahrStatus", "accountHealthRatingStatus") if k in ahr), None)
    warning_key = next((k for k in ("warningStates", "warningState") if k in pm), None)
    warnings = r.get(pm, warning_key, where, list, required=False) or [] if warning_key else []
    return HealthReport(
        marketplace_id=ids[i], other_marketplaces=tuple(m for m in ids if m != ids[i]), metrics=tuple(metrics),
        ahr_status=ahr_status, ahr_score=ahr.get("ahrScore"),
        account_statuses=tuple({"marketplace_id": s.get("marketplaceId"), "status": s.get("status")}
                               for s in statuses if isinstance(s, dict)),
        policy_violations=tuple(violations), warning_states=tuple(w for w in warnings if isinstance(w, dict)),
        file=str(path),
    )


def render_table(report: HealthReport, lang: str = "zh") -> str:
    from snippets.metrics.report import grid, metric_rows

    t = TEXT[lang]
    out = [f"{t['marketplace']}: {report.marketplace_id} · {REPORT_TYPE} · {report.as_of}", ""]
    names = {metric_id: names[lang != "zh"] for metric_id, names in EXTRA_NAMES.items()}
    out += grid(metric_rows(report.metrics, report.platform, lang, names))
    out += ["", f"{t['ahr']}: {report.ahr_status or t['none']}"]
    out.append(f"{t['accounts']}: " + (", ".join(f"{s['marketplace_id']} {s['status']}"
                                                  for s in report.account_statuses) or t["none"]))
    out += ["", t["policy"] + ":"]
    if report.policy_violations:
        out += ["  " + line for line in grid([
            [POLICY_CATEGORIES[v.id][lang != "zh"], str(v.count), v.status or "",
             f"{v.window.start} → {v.window.end}"] for v in report.policy_violations])]
    else:
        out.append("  " + t["none"])
    if report.warning_states:
        out += ["", t["warnings"] + ":"] + [f"  - {w.get('warningType')}: {w.get('status')}"
                                             for w in report.warning_states]
    if report.other_marketplaces:
        out += ["", f"{t['others']}: {', '.join(map(str, report.other_marketplaces))} (--marketplace ID)"]
    reasons = attention(report, lang)
    out += [""] + ([f"{t['attention']}:"] + [f"  - {r}" for r in reasons] if reasons else [f"OK: {t['healthy']}"])
    return "\n".join(out)
