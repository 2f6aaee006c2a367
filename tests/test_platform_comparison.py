"""The other-platforms table: Amazon, eBay and Walmart side by side, every figure read from metrics.yaml."""

from __future__ import annotations

import pytest

from snippets.errors import UserError
from snippets.metrics import definitions
from snippets.metrics.definitions import (
    effective_target,
    format_target,
    load_metrics,
    platform_comparison_markdown,
)
from snippets.site.generated import GENERATORS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_compared_metric_shows_its_name_and_target_from_the_data(lang):
    table = GENERATORS["platform-comparison"](lang)
    header = table.splitlines()[0]
    for platform in load_metrics():
        assert definitions.platform_name(platform, lang) in header
    by_id = {(m.platform, m.id): m for ms in load_metrics().values() for m in ms}
    for _zh, _en, cells in definitions.COMPARISON_ROWS:
        for platform, ids in cells.items():
            for metric_id in ids:
                metric = by_id[(platform, metric_id)]
                assert f"**{metric.name(lang)}** " in table
                assert format_target(effective_target(metric)) in table
    # every eBay and Walmart choice is explained under the table
    for platform in ("ebay", "walmart"):
        for metric in load_metrics()[platform]:
            assert metric.choice(lang) in table


def test_a_row_naming_an_unknown_metric_fails_clearly(monkeypatch):
    monkeypatch.setattr(definitions, "COMPARISON_ROWS", [("x", "x", {"ebay": ["no_such_metric"]})])
    with pytest.raises(UserError, match="ebay.no_such_metric"):
        platform_comparison_markdown("en")


def test_a_changed_target_changes_the_table(monkeypatch):
    metrics = load_metrics()
    walmart = metrics["walmart"]
    changed = tuple(definitions.Metric(**{**m.__dict__, "target": definitions.Target("<=", 0.07)})
                    if m.id == "cancellation_rate" else m for m in walmart)
    monkeypatch.setattr(definitions, "load_metrics", lambda: {**metrics, "walmart": changed})
    assert "≤ 7%" in platform_comparison_markdown("en")
