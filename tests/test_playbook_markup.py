"""Markup in a user's file never becomes live HTML in a playbook report (issue 7, item 1).

Every playbook runs on files with markup in every text column (and in headers and file names where the
playbook shows them); the report is parsed as HTML and may hold no element, attribute or script that came
from the data, and must carry a Content-Security-Policy that allows no script."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from snippets.playbooks.report import write_report
from snippets.playbooks.runner import list_playbooks, run_playbook
from snippets.sample_data import write_sample_data

PAYLOADS = ['<script>alert("p0")</script>', '<img src=x onerror=alert("p1")>', '<svg onload=alert("p2")>',
            '"><iframe src=javascript:alert("p3")>', "<a href=javascript:alert('p4')>x</a>",
            '<style>#p5{color:red}</style>', '<b onmouseover=alert("p6")>b</b>']
MARKER_TAGS = {"script", "iframe", "svg", "object", "embed", "form", "input", "button", "link", "base", "meta"}


def hostile(value: str, i: int) -> str:
    return f"{value}{PAYLOADS[i % len(PAYLOADS)]}" if value not in ("", None) else PAYLOADS[i % len(PAYLOADS)]


def poison_csv(path: Path, columns: list[str], sep: str = ",") -> None:
    df = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)
    for j, col in enumerate(columns):
        df[col] = [hostile(v, i + j) for i, v in enumerate(df[col])]
    df.to_csv(path, sep=sep, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    s = write_sample_data(d, n_orders=400)
    poison_csv(s["orders"], ["merchant-order-id", "sales-channel", "ship-service-level", "sku", "asin", "product-name",
                             "currency", "ship-country", "ship-from", "carrier", "tracking-number"], sep="\t")
    poison_csv(s["claims"], ["case-id", "order-id", "status", "rating", "reason", "sku"])
    poison_csv(s["returns"], ["order-id", "sku", "return-reason", "status"])
    poison_csv(s["message_export"], ["thread", "agent", "text"])
    msgs = pd.read_csv(s["message_export"], dtype=str, keep_default_na=False)
    # sent messages the checker flags, so the worst examples (with highlighted matches) show markup too
    sent = msgs.index[msgs["direction"] == "sent"][:5]
    msgs.loc[sent, "text"] = ['Leave a 5-star review <script>alert("p0")</script> and get a free gift '
                              '<img src=x onerror=alert("p1")>'] * len(sent)
    msgs.to_csv(s["message_export"], index=False, lineterminator="\n")
    poison_csv(s["users"], ["name", "email", "role", "two-step method", "status"])
    # the personal-data scan shows file names and headers
    exports = s["exports"]
    bad_header = pd.read_csv(exports / "orders-with-addresses-old.csv", dtype=str)
    bad_header = bad_header.rename(columns={"buyer-name": 'buyer-name<img src=x onerror=alert("p1")>'})
    bad_header.to_csv(exports / '<svg onload=alert("p2")>.csv', index=False)
    return s


def params_for(name: str, s: dict) -> dict:
    return {
        "orders-per-day": {"orders_file": str(s["orders"])},
        "account-health-audit": {"orders_file": str(s["orders"])},
        "dispute-triage": {"cases_file": str(s["claims"])},
        "message-review": {"messages_file": str(s["message_export"])},
        "returns-and-refunds": {"returns_file": str(s["returns"]), "orders_file": str(s["orders"])},
        "security-audit": {"users_file": str(s["users"]), "exports_folder": str(s["exports"]), "as_of": "2026-10-31"},
    }[name]


def test_every_playbook_is_covered(hostile_files):
    for path in list_playbooks():
        params_for(path.stem, hostile_files)  # a new playbook must be added here


def assert_nothing_live(html: str, name: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in csp["content"] and "script-src" not in csp["content"], name
    assert not soup.find_all("script"), f"{name}: a <script> element in the report"
    for tag in soup.find_all(True):
        assert tag.name not in MARKER_TAGS - {"meta", "link"} or tag.name in ("meta", "link"), f"{name}: <{tag.name}> from data"
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), f"{name}: event attribute {attr} on <{tag.name}>"
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert "javascript:" not in text.lower(), f"{name}: javascript: URL in {attr} of <{tag.name}>"
        if tag.name == "img":
            assert tag.get("src", "").startswith("data:image/"), f"{name}: <img src={tag.get('src')!r}> from data"
        if tag.name == "style":
            assert "#p5" not in tag.get_text(), f"{name}: a <style> element from data"
        if tag.name == "a":
            assert not tag.get("href", "").lower().startswith("javascript"), name
    if not name.startswith("orders-per-day"):  # the one playbook that shows no text from the file
        text = soup.get_text()
        assert 'alert("p0")' in text or 'alert("p1")' in text, f"{name}: the data's markup should show as text"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", list_playbooks(), ids=lambda p: p.stem)
def test_markup_from_data_stays_text(hostile_files, tmp_path, path, lang):
    nb = run_playbook(path.stem, {**params_for(path.stem, hostile_files), "lang": lang}, timeout=240)
    report = write_report(nb, tmp_path / "report.html")
    assert_nothing_live(report.read_text(encoding="utf-8"), f"{path.stem} ({lang})")
