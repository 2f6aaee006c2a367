"""The in-page tools' Python (snippets.site.page_tools), the bundle the build ships to the page
(snippets.site.inpage) and the `whatif` command, in CPython. tests/test_inpage_browser.py runs the same code
in Pyodide in Chromium and compares."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from snippets.errors import UserError
from snippets.messages import check_message
from snippets.metrics.definitions import platform_metrics
from snippets.metrics.headroom import what_if
from snippets.site import inpage, page_tools

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "message_corpus"


def test_check_explains_in_the_page_language_and_cuts_the_text_at_each_finding():
    text = "Write to ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ or call +1 415 555 0100."
    zh, en = page_tools.check(text, page_lang="zh"), page_tools.check(text, page_lang="en")
    assert zh["ok"] and [f["rule"] for f in zh["findings"]] == ["external_contact.email", "external_contact.phone"]
    assert "邮箱" in zh["findings"][0]["message"] and "Email" in en["findings"][0]["message"]
    assert "".join(piece for piece, _ in zh["segments"]) == text
    marked = [piece for piece, idxs in zh["segments"] if idxs]
    assert marked == ["ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ", "+1 415 555 0100"]


def test_segments_cover_overlapping_findings():
    assert page_tools.segments("abcdef", [(1, 4), (3, 5)]) == [
        ["a", []], ["bc", [0]], ["d", [0, 1]], ["e", [1]], ["f", []]]


def test_bad_requests_get_a_message_not_a_traceback():
    assert page_tools.check("hi", platform="etsy") == {
        "ok": False, "error": "unknown platform 'etsy': use one of amazon, ebay, walmart"}
    answer = json.loads(page_tools.call("nope", "{}"))
    assert not answer["ok"] and "unknown request" in answer["error"]
    answer = json.loads(page_tools.call("check", '{"txt": "x"}'))
    assert not answer["ok"] and "bad request" in answer["error"]
    answer = page_tools.whatif("amazon", "order_defect_rate", "-3", "10")
    assert not answer["ok"] and "whole number" in answer["error"]
    answer = page_tools.whatif("amazon", "order_defect_rate", "11", "10")
    assert not answer["ok"] and "cannot be larger" in answer["error"]


def test_hostile_page_requests_get_a_message_in_the_page_language():
    """Found by the second hostile round: the page took 200k characters (the CLI stops at its limit), 1e308
    orders, a list as template values (an unclear error) and an unknown page language (a KeyError)."""
    from snippets.messages.limits import MAX_MESSAGE_CHARS

    for page_lang, word in (("en", "at most"), ("zh", "最多")):
        answer = page_tools.check("x" * (MAX_MESSAGE_CHARS + 1), page_lang=page_lang)
        assert not answer["ok"] and word in answer["error"] and f"{MAX_MESSAGE_CHARS:,}" in answer["error"]
    assert page_tools.check("x" * MAX_MESSAGE_CHARS)["ok"]
    metric = platform_metrics("amazon")[0].id
    for huge in (1e308, "99999999999", 10**9 + 1, "9" * 5000):
        answer = page_tools.whatif("amazon", metric, 1, huge)
        assert not answer["ok"] and "1,000,000,000" in answer["error"] and len(answer["error"]) < 200
    assert page_tools.whatif("amazon", metric, 1, 10**9)["ok"]
    # the same limit in the command (one implementation: headroom.what_if)
    cli = subprocess.run([sys.executable, "-m", "snippets", "whatif", metric, "--orders", "99999999999", "--count", "1"],
                         capture_output=True, text=True)
    assert cli.returncode == 2 and "at most 1,000,000,000" in cli.stderr and "Traceback" not in cli.stderr
    answer = json.loads(page_tools.call("fill", json.dumps({"template_id": "order_delayed", "lang": "en",
                                                             "values": ["a"]})))
    assert answer == {"ok": False, "error": "values must map placeholder names to text"}
    assert page_tools.templates("xx")["ok"]


def test_fill_keeps_missing_placeholders_visible_and_checks_the_text():
    catalogue = page_tools.templates("en")
    t = catalogue["templates"][0]
    values = {p["name"]: p["example"]["de"] for p in t["placeholders"]}
    first = t["placeholders"][0]["name"]
    partial = page_tools.fill(t["id"], "de", {**values, first: "  "})
    assert partial["ok"] and partial["missing"] == [first] and "{" + first + "}" in partial["text"]
    full = page_tools.fill(t["id"], "de", values)
    assert full["complete"] and all(v in full["text"] or v in (full["subject"] or "") for v in values.values())
    assert full["checked"]["text"]["findings"] == []


def test_a_critical_subject_is_not_flagged_for_its_important_tag():
    critical = next(t for t in page_tools.templates("en")["templates"] if t["critical"])
    values = {p["name"]: p["example"]["en"] for p in critical["placeholders"]}
    answer = page_tools.fill(critical["id"], "en", values)
    assert answer["subject"].startswith("[Important]") or answer["subject"].endswith("[Important]")
    assert not [f for f in answer["checked"]["subject"]["findings"] if f["rule"] == "formatting.important_tag"]


GRID = [(num, den) for den in (0, 1, 7, 100, 250, 1000) for num in sorted({0, 1, 2, den // 100, den // 20, den // 2, den})
        if num <= den]


@pytest.mark.parametrize("platform", ["amazon", "ebay", "walmart"])
def test_whatif_matches_the_library_for_every_metric(platform):
    for m in platform_metrics(platform):
        for num, den in GRID:
            answer = page_tools.whatif(platform, m.id, str(num), str(den))
            assert answer == {"ok": True, **what_if(platform, m.id, num, den)}


def test_whatif_command_prints_the_same_json_and_fails_a_failing_metric():
    run = [sys.executable, "-m", "snippets", "whatif", "order_defect_rate", "--orders", "500"]
    failing = subprocess.run([*run, "--count", "6", "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert failing.returncode == 1
    assert json.loads(failing.stdout) == what_if("amazon", "order_defect_rate", 6, 500)
    assert json.loads(failing.stdout)["orders_needed"] == 101  # 6 / 601 < 1 % <= 6 / 600
    passing = subprocess.run([*run, "--count", "4", "--lang", "en"], capture_output=True, text=True, cwd=ROOT)
    assert passing.returncode == 0 and "pass" in passing.stdout
    bad = subprocess.run([*run, "--count", "501"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "cannot be larger" in bad.stderr and "Traceback" not in bad.stderr


def test_the_bundle_holds_the_library_and_json_data(tmp_path):
    names = zipfile.ZipFile(__import__("io").BytesIO(inpage.python_bundle())).namelist()
    for needed in ("yaml.py", "snippets/site/page_tools.py", "snippets/messages/checker.py",
                   "snippets/metrics/headroom.py", "snippets/data/metrics.yaml", "snippets/data/rules/promotion.yaml"):
        assert needed in names, needed
    assert not [n for n in names if n.startswith(("snippets/commands/", "snippets/orders/"))]


def test_data_that_json_cannot_carry_fails_the_build_clearly(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("1: one\n")
    with pytest.raises(UserError, match="a key is not text"):
        inpage.yaml_as_json(bad)
    bad.write_text("when: 2026-11-22\nlist: [a, 1, 2.5, true, null]\n")
    assert json.loads(inpage.yaml_as_json(bad)) == {"when": "2026-11-22", "list": ["a", 1, 2.5, True, None]}


def test_the_build_says_how_to_install_a_missing_runtime(tmp_path, monkeypatch):
    monkeypatch.setattr(inpage, "NODE_PYODIDE", tmp_path / "nothing")
    with pytest.raises(UserError, match="make setup"):
        inpage.install(tmp_path / "site")


def test_the_bundle_alone_gives_the_same_findings_as_the_library(tmp_path):
    """The bundle with its JSON data and its json-backed yaml stand-in, in a fresh CPython where it shadows
    PyYAML, finds exactly what the library finds on the whole labelled corpus."""
    zipfile.ZipFile(__import__("io").BytesIO(inpage.python_bundle())).extractall(tmp_path / "bundle")
    from snippets.messages.evaluation import load_corpus

    cases = load_corpus(CORPUS)
    texts = [c.text for c in cases]
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import yaml; assert yaml.__file__.startswith(sys.argv[1])\n"
        "from snippets.site.page_tools import check\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([[(f['rule'], f['category'], f['severity'], f['start'], f['end']) for f in check(t)['findings']]"
        " for t in texts]))\n")
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "bundle")], input=json.dumps(texts),
                         capture_output=True, text=True, check=True, cwd=tmp_path)
    got = json.loads(out.stdout)
    want = [[[f.rule, f.category, f.severity, f.start, f.end] for f in check_message(t)] for t in texts]
    assert len(got) == len(cases) > 2000
    assert got == want


def test_the_bundle_is_reproducible_and_reused_by_the_second_language(tmp_path):
    first = inpage.python_bundle(tmp_path)
    assert inpage.python_bundle(tmp_path) == first == inpage.python_bundle()
    assert len(list(tmp_path.glob("handbook-py-*.zip"))) == 1
