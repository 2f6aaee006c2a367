"""Inline policy values: one key gives the same number a data file holds, in each language's words."""

from __future__ import annotations

import pytest
import yaml

from snippets.errors import UserError
from snippets.facts import fact, load_deadlines, render_facts
from snippets.metrics.definitions import platform_metrics


def test_metric_target_comes_from_the_definitions():
    odr = next(m for m in platform_metrics("amazon") if m.id == "order_defect_rate")
    assert fact("metrics.amazon.order_defect_rate.target", "en") == f"below {odr.target.value * 100:g}%"
    # a component without its own target shows the one it is judged against
    assert fact("metrics.amazon.chargeback_rate.target", "zh") == fact("metrics.amazon.order_defect_rate.target", "zh")


def test_render_replaces_every_token_and_unknown_keys_fail():
    text = "Answer within <!-- fact: deadlines.buyer_message_response -->, ODR <!--fact:metrics.amazon.order_defect_rate.target-->."
    out = render_facts(text, "en")
    assert "<!--" not in out and f"{load_deadlines()['buyer_message_response'].value} hours" in out
    with pytest.raises(UserError, match="unknown fact key 'deadlines.nope'"):
        render_facts("<!-- fact: deadlines.nope -->", "zh")


@pytest.mark.parametrize("change, problem", [
    ({"duration": {"value": 0, "unit": "days"}}, r"duration\.value: 0 is less than the minimum of 1"),
    ({"duration": {"value": 3, "unit": "weeks"}}, r"duration\.unit: 'weeks' is not one of"),
    ({"duration": {"min": 30, "max": 5, "unit": "days"}}, "min < max"),
    ({"confidence": "rumour"}, "confidence: 'rumour' is not one of"),
    ({"source": None, "_drop": "source"}, "'source' is a required property"),
])
def test_a_broken_deadline_names_the_entry_and_the_problem(tmp_path, change, problem):
    entry = dict(next(iter(yaml.safe_load(open("snippets/data/deadlines.yaml", encoding="utf-8"))["deadlines"])))
    if "_drop" in change:
        entry.pop(change["_drop"])
    else:
        entry.update(change)
    path = tmp_path / "deadlines.yaml"
    path.write_text(yaml.safe_dump({"deadlines": [entry]}), encoding="utf-8")
    with pytest.raises(UserError, match=problem) as err:
        load_deadlines.__wrapped__(path)
    assert str(path) in str(err.value) and entry["id"] in str(err.value)


def test_business_day_deadlines_say_so():
    refund = load_deadlines()["return_refund_after_receipt_us"]
    assert refund.clock == "business"
    assert fact("deadlines.return_refund_after_receipt_us", "en") == f"{refund.value} business days"
    assert fact("deadlines.return_refund_after_receipt_us", "zh") == f"{refund.value} 个工作日"


def test_report_targets_render_from_their_file():
    from snippets.facts import load_report_targets

    idr = load_report_targets()["amazon.invoice_defect_rate"]
    assert fact("targets.amazon.invoice_defect_rate.target", "zh") == f"低于 {idr.value * 100:g}%"
    assert fact("targets.amazon.invoice_defect_rate.window", "en") == f"{idr.window_days} days"
    ahr = load_report_targets()["amazon.account_health_rating_at_risk"]
    assert fact("targets.amazon.account_health_rating_at_risk.target", "en") == f"at least {ahr.value:g} points"
    with pytest.raises(UserError, match="unknown fact key"):
        fact("targets.amazon.return_dissatisfaction_rate.window", "en")  # no source gives a window


def test_a_broken_report_target_names_the_entry(tmp_path):
    from snippets.facts import load_report_targets

    path = tmp_path / "report_targets.yaml"
    path.write_text(yaml.safe_dump({"targets": {"amazon": [{
        "id": "x", "name_zh": "x", "name_en": "x", "target": {"op": "<", "value": 5, "unit": "rate"},
        "note_zh": "x", "note_en": "x", "source": "https://example.invalid", "confidence": "official"}]}}), encoding="utf-8")
    with pytest.raises(UserError, match="fraction") as err:
        load_report_targets.__wrapped__(path)
    assert str(path) in str(err.value) and "targets.amazon[0] (x).target.value" in str(err.value)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_deadlines_page_shows_every_deadline_with_its_source(lang):
    from snippets.facts import deadlines_markdown

    page = deadlines_markdown(lang)
    for d in load_deadlines().values():
        assert f"{{#{d.id}}}" in page, f"{d.id} has no heading"
        assert f"](#{d.id})" in page, f"{d.id} is not in the summary table"
        section = page.split(f"{{#{d.id}}}", 1)[1].split("\n### ", 1)[0]
        assert d.text(lang) in section and d.source.split(" ; ")[0].split(" ")[0] in section


def test_chinese_values_get_a_space_against_han_characters_only():
    days = load_deadlines()["a_to_z_not_received_eligibility"].value
    out = render_facts("过后<!-- fact: deadlines.a_to_z_not_received_eligibility -->内，", "zh")
    assert out == f"过后 {days} 天内，"
    target = fact("metrics.amazon.order_defect_rate.target", "zh")  # starts with Han (低于), ends with %
    assert render_facts("必须<!-- fact: metrics.amazon.order_defect_rate.target -->的", "zh") == f"必须{target} 的"
    assert render_facts("(<!-- fact: metrics.amazon.order_defect_rate.target -->)", "zh") == f"({target})"
    assert render_facts("within<!-- fact: deadlines.a_to_z_not_received_eligibility -->", "en").endswith(f"within{days} days")
