"""The account-health audit playbook runs headless with parameters and shows what it promises."""

from __future__ import annotations

import pytest
from metrics_fixtures import order, write_orders

from snippets.playbooks.runner import run_playbook


def outputs(nb) -> str:
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text.append(out.get("text", ""))
            data = out.get("data", {})
            text.append(data.get("text/markdown", "") + data.get("text/plain", "") + data.get("text/html", ""))
    return "\n".join(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_audit_on_sample_data(lang):
    nb = run_playbook("account-health-audit", {"lang": lang}, timeout=120)
    out = outputs(nb)
    assert "rows read 2529, orders 2000, rejected 0" in out
    assert ("订单缺陷率 (ODR)" if lang == "zh" else "Order Defect Rate (ODR)") in out
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))  # trend charts
    assert "BT-EAR-002" in out  # a top contributor by SKU
    assert "](../../disputes/)" in out  # the action list links the handbook


def test_audit_on_a_given_file(tmp_path):
    rows = [order(f"O{i}", f"2026-10-{d:02d}T10:00:00Z", feedback_rating=1 if i == 0 else "")
            for i, d in enumerate(range(1, 21))]
    path = write_orders(tmp_path / "orders.csv", rows)
    nb = run_playbook("account-health-audit", {"orders_file": str(path), "as_of": "2026-10-20", "lang": "en"},
                      timeout=120)
    out = outputs(nb)
    assert "as of 2026-10-20 (UTC) · rows read 20, orders 20, rejected 0" in out
    assert "Order Defect Rate (ODR) · MFN**: failing, act now" in out
    assert "Every row was used." in out  # the data-quality section accounts for every row
