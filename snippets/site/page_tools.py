"""The site's in-page tools, in Python: the message checker, the template forms and the what-if calculator.

This module runs in the reader's browser (Pyodide, in a Web Worker: ``snippets/site/assets/inpage-worker.js``)
and in CPython (the tests compare the two). It only calls the library the command line calls
(``snippets.messages.check_message``, ``snippets.templates``, ``snippets.metrics.headroom.what_if``) and returns
plain dicts, so the worker can hand them to the page as JSON. Standard library only: in the page the data
files under ``snippets/data`` are JSON written by the build (``snippets.site.inpage``).

Every answer is ``{"ok": True, ...}`` or ``{"ok": False, "error": "what to do"}``: a bad input gives a message,
never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import pairwise

from snippets.errors import UserError
from snippets.markets import PLATFORMS

_FLAG_LABELS = {  # what the numerator counts, for the calculator's input label
    "defective": ("有缺陷的订单", "orders with a defect"),
    "negative_feedback": ("差评（1–2 星反馈）订单", "orders with negative feedback (1–2 stars)"),
    "a_to_z_claim": ("A-to-z 索赔订单", "orders with an A-to-z claim"),
    "chargeback": ("信用卡拒付订单", "orders with a chargeback"),
    "late_shipment": ("迟发货订单", "late shipments"),
    "seller_cancelled": ("卖家取消的订单", "orders cancelled by the seller"),
    "valid_tracking": ("有有效追踪号的货件", "shipments with valid tracking"),
    "on_time_delivery": ("准时送达的订单", "orders delivered on time"),
    "ebay_defect": ("有 eBay 缺陷的交易", "transactions with an eBay defect"),
    "case_lost": ("卖家败诉的纠纷", "cases closed without seller resolution"),
    "late_delivery": ("延迟送达的订单", "late deliveries"),
    "tracking_on_time": ("按时上传追踪号的订单", "orders with tracking uploaded on time"),
}
_DENOMINATOR = {"shipped": ("窗口内已发货订单", "shipped orders in the window"),
                "delivered": ("窗口内已送达订单", "delivered orders in the window"),
                "valid_tracking": ("窗口内有有效追踪号的订单", "orders with valid tracking in the window"),
                "not_cancelled": ("窗口内未取消订单", "orders not cancelled in the window")}


def _answer(fn, *args, **kwargs) -> dict:
    try:
        return {"ok": True, **fn(*args, **kwargs)}
    except UserError as err:
        return {"ok": False, "error": str(err)}


# --- message checker -------------------------------------------------------------------------------------

@cache
def _rules() -> dict:
    from snippets.messages.rules import RULES_DIR, load_rules

    return {r.id: r for r in load_rules(RULES_DIR)}


def segments(text: str, spans: list[tuple[int, int]]) -> list[list]:
    """``text`` cut at every finding boundary: ``[piece, [indexes of the findings covering it]]`` in order, so
    the page builds the highlighted text from text nodes (no offsets to convert, no HTML)."""
    cuts = sorted({0, len(text), *(s for s, _ in spans), *(e for _, e in spans)})
    out = []
    for a, b in pairwise(cuts):
        if a < b:
            out.append([text[a:b], [i for i, (s, e) in enumerate(spans) if s <= a and b <= e]])
    return out


def _check(text: str, lang: str | None, platform: str, page_lang: str) -> dict:
    from snippets.messages import check_message, message_language
    from snippets.messages.limits import MAX_MESSAGE_CHARS

    if not isinstance(text, str):
        raise UserError("the message must be text")
    if len(text) > MAX_MESSAGE_CHARS:  # the command line's limit: a buyer message is a few thousand at most
        raise UserError(f"消息有 {len(text):,} 个字符，检查器最多读取 {MAX_MESSAGE_CHARS:,} 个：买家消息最多几千字。"
                        if page_lang == "zh" else f"the message has {len(text):,} characters; the checker reads at "
                        f"most {MAX_MESSAGE_CHARS:,} (a buyer message is a few thousand at most)")
    findings = check_message(text, lang=lang, platform=platform)
    rules, zh = _rules(), page_lang == "zh"
    out = []
    for f in findings:
        rule = rules[f.rule]
        out.append({"rule": f.rule, "category": f.category, "severity": f.severity, "start": f.start, "end": f.end,
                    "match": f.match, "title": rule.title_zh if zh else rule.title,
                    "message": f.message_zh if zh else f.message,
                    "suggestion": rule.suggestion_zh if zh else rule.suggestion})
    return {"language": message_language(text, lang) if text.strip() else None, "platform": platform,
            "findings": out, "segments": segments(text, [(f.start, f.end) for f in findings]),
            "errors": sum(f.severity == "error" for f in findings)}


def check(text: str, lang: str | None = None, platform: str = "amazon", page_lang: str = "en") -> dict:
    """The checker's findings for ``text``, explained in the page's language (zh or en)."""
    return _answer(_check, text, lang, platform, page_lang)


# --- reply templates -------------------------------------------------------------------------------------

def _templates(page_lang: str) -> dict:
    from snippets.templates import LANGS, load_placeholders, load_templates

    page_lang = "zh" if page_lang == "zh" else "en"
    catalogue = load_placeholders()
    return {"languages": list(LANGS), "templates": [
        {"id": t.id, "title": t.title[page_lang], "critical": t.critical, "languages": list(t.languages),
         "placeholders": [
            {"name": n, "meaning": catalogue[n].meaning(page_lang),
             "example": {lang: values[0] for lang, values in catalogue[n].examples.items() if values},
             "format": {lang: catalogue[n].format.expected(lang) for lang in catalogue[n].examples},
             "multiline": catalogue[n].format.multiline}
            for n in t.placeholders]}
        for t in load_templates()]}


def templates(page_lang: str = "en") -> dict:
    """Every template's id, title and placeholders (meaning and example per buyer language), for the forms."""
    return _answer(_templates, page_lang)


def _fill(template_id: str, lang: str, values: dict, platform: str, page_lang: str) -> dict:
    from snippets.templates import IMPORTANT_RULE, get_template

    template = get_template(template_id)
    given = {k: v for k, v in values.items() if k in template.placeholders and str(v).strip()}
    missing = [n for n in template.placeholders if n not in given]
    # Preview with the names still in braces; the copy button only copies a complete message.
    subject, text = template.preview(lang, given)
    parts = {"subject": subject, "text": text} if subject is not None else {"text": text}
    checked = {}
    for part, s in parts.items():
        result = _check(s, lang, platform, page_lang)
        if part == "subject" and template.critical:  # "[Important]" is what Amazon asks for here
            keep = [f for f in result["findings"] if f["rule"] != IMPORTANT_RULE]
            result = {**result, "findings": keep, "segments": segments(s, [(f["start"], f["end"]) for f in keep]),
                      "errors": sum(f["severity"] == "error" for f in keep)}
        checked[part] = result
    return {"id": template.id, "lang": lang, "subject": subject, "text": text, "missing": missing,
            "complete": not missing, "checked": checked}


def fill(template_id: str, lang: str, values: dict, platform: str = "amazon", page_lang: str = "en") -> dict:
    """A template filled in ``lang`` with ``values`` and checked; placeholders left empty stay as ``{name}``
    and are listed in ``missing``."""
    if not isinstance(values, dict):
        return {"ok": False, "error": "values must map placeholder names to text"}
    return _answer(_fill, template_id, lang, dict(values), platform, page_lang)


# --- what-if calculator ----------------------------------------------------------------------------------

def _metrics(page_lang: str) -> dict:
    from snippets.metrics.definitions import effective_target, format_target, platform_metrics, platform_name

    zh = page_lang == "zh"
    out = {}
    for platform in PLATFORMS:
        rows = []
        for m in platform_metrics(platform):
            den = next((_DENOMINATOR[p] for p in m.population if p in _DENOMINATOR), ("窗口内订单", "orders in the window"))
            rows.append({"id": m.id, "name": m.name(page_lang), "target": format_target(effective_target(m)),
                         "window_days": m.window_days, "count_label": _FLAG_LABELS[m.numerator][0 if zh else 1],
                         "orders_label": den[0 if zh else 1]})
        out[platform] = {"name": platform_name(platform, page_lang), "metrics": rows}
    return {"platforms": out}


def metrics(page_lang: str = "en") -> dict:
    """Every platform's metrics with their targets and input labels, for the calculator's choices."""
    return _answer(_metrics, page_lang)


def whatif(platform: str, metric_id: str, numerator, denominator) -> dict:
    """``snippets.metrics.headroom.what_if`` for counts typed into the page."""
    from snippets.metrics.headroom import what_if

    def run():
        return what_if(platform, metric_id, _whole(numerator, "count"), _whole(denominator, "orders"))
    return _answer(run)


def _whole(value, name: str) -> int:
    """A count typed into the page as an int (``what_if`` checks its range and says what is wrong)."""
    if isinstance(value, str):
        value = value.strip()
        # 13 digits is already more than what_if accepts; a longer string is not converted at all
        if not value.isdigit() or len(value) > 13:
            raise UserError(f"{name} must be a whole number of orders, 0 to 1,000,000,000 (got {value[:20]!r})")
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- the worker's single entry point -----------------------------------------------------------------------

OPERATIONS: dict[str, Callable[..., dict]] = {"check": check, "templates": templates, "fill": fill, "metrics": metrics,
                                              "whatif": whatif}


def call(op: str, args_json: str) -> str:
    """``OPERATIONS[op](**json.loads(args_json))`` as JSON text: what the worker passes between page and Python."""
    import json

    try:
        args = json.loads(args_json)
        if op not in OPERATIONS or not isinstance(args, dict):
            raise UserError(f"unknown request {op!r}")
        answer = OPERATIONS[op](**args)
    except (TypeError, ValueError, UserError) as err:
        answer = {"ok": False, "error": f"bad request {op!r}: {err}"}
    return json.dumps(answer, ensure_ascii=False)
