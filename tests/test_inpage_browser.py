"""The in-page tools in Chromium: the Python running in the page (Pyodide in a Web Worker) finds what CPython
finds, the forms copy exactly what they show, user text never becomes HTML, and the pages load cleanly,
from this site only, with no serious accessibility violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.messages import check_message
from snippets.messages.evaluation import load_corpus
from snippets.metrics.definitions import platform_metrics
from snippets.metrics.headroom import what_if
from snippets.site import page_tools

pytestmark = [pytest.mark.site, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
CHECKER, TEMPLATES, WHATIF = "tools/check-online/", "messaging/fill-template/", "account-health/what-if/"
READY_MS = 180_000  # loading Pyodide takes seconds; a busy CI machine can take much longer


def open_tool(page, site_url: str, lang: str, path: str):
    page.goto(f"{site_url}/{lang}/{path}")
    page.wait_for_selector("[data-inpage-tool][data-ready=true]", timeout=READY_MS)
    return page


def ask_all(page, op: str, requests: list[dict]) -> list[dict]:
    """Send requests to the page's worker one after the other; the answers in order."""
    return page.evaluate("""async ([op, requests]) => {
        const out = [];
        for (const args of requests) out.push(await window.handbookTools.ask(op, args));
        return out;
    }""", [op, requests])


def spans(findings) -> list[tuple]:
    return [(f["rule"], f["category"], f["severity"], f["start"], f["end"]) for f in findings]


def test_the_whole_corpus_gets_the_same_findings_in_the_page(page, site_url):
    cases = load_corpus(ROOT / "tests" / "data" / "message_corpus")
    assert len(cases) > 2000
    open_tool(page, site_url, "en", CHECKER)
    requests = [{"text": c.text, "lang": None if i % 2 else c.lang, "platform": ("amazon", "ebay", "walmart")[i % 3]}
                for i, c in enumerate(cases)]
    answers = ask_all(page, "check", requests)
    differ = []
    for case, req, answer in zip(cases, requests, answers, strict=True):
        assert answer["ok"], (case.source, answer)
        want = [(f.rule, f.category, f.severity, f.start, f.end)
                for f in check_message(case.text, lang=req["lang"], platform=req["platform"])]
        if spans(answer["findings"]) != want:
            differ.append((case.source, spans(answer["findings"]), want))
    assert not differ, f"{len(differ)} messages differ, first: {differ[:3]}"
    assert sum(bool(a["findings"]) for a in answers) > 500  # the corpus does exercise the rules


def test_the_calculator_matches_the_library_on_a_grid(page, site_url):
    open_tool(page, site_url, "zh", WHATIF)
    grid = [(p, m.id, num, den) for p in ("amazon", "ebay", "walmart") for m in platform_metrics(p)
            for den in (0, 1, 99, 100, 1000) for num in sorted({0, 1, den // 100, den // 10, den}) if num <= den]
    answers = ask_all(page, "whatif", [{"platform": p, "metric_id": i, "numerator": str(n), "denominator": str(d)}
                                       for p, i, n, d in grid])
    for (p, i, n, d), answer in zip(grid, answers, strict=True):
        answer.pop("ms", None)
        assert answer == {"ok": True, **what_if(p, i, n, d)}, (p, i, n, d)


def test_the_calculator_form_shows_status_headroom_and_orders_needed(page, site_url):
    open_tool(page, site_url, "en", WHATIF)
    page.select_option("#whatif-metric", "order_defect_rate")
    page.fill("#whatif-orders", "500")
    page.fill("#whatif-count", "6")
    page.wait_for_function("document.querySelector('[data-key=needed]')?.textContent === '101'")
    assert page.inner_text("[data-key=status]") == "fail"
    assert page.inner_text("[data-key=rate]").startswith("1.20%")
    page.fill("#whatif-count", "3")
    page.wait_for_function("document.querySelector('[data-key=headroom]')?.textContent === '1'")
    assert page.inner_text("[data-key=status]") == "pass"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_template_copy_button_copies_exactly_the_filled_text(page, site_url, lang):
    open_tool(page, site_url, lang, TEMPLATES)
    ids = page.eval_on_selector_all("#tpl-template option", "os => os.map(o => o.value)")
    assert len(ids) == len(page_tools.templates(lang)["templates"])
    buyer_lang = {"zh": "ja", "en": "de"}[lang]
    page.select_option("#tpl-lang", buyer_lang)
    copied = 0
    offered = {t["id"]: t["languages"] for t in page_tools.templates(lang)["templates"]}
    for template_id in ids:
        if buyer_lang not in offered[template_id]:  # letters to the marketplace are in English only
            continue
        page.select_option("#tpl-template", template_id)
        before = page.get_attribute("[data-inpage-tool]", "data-filled")
        page.click("button[name=examples]")
        page.wait_for_function(f"document.querySelector('[data-inpage-tool]').dataset.filled !== '{before}'")
        page.wait_for_selector(".inpage-copy:not([disabled])")
        catalogue = {t["id"]: t for t in page_tools.templates(lang)["templates"]}
        values = {p["name"]: p["example"][buyer_lang] for p in catalogue[template_id]["placeholders"]}
        expected = page_tools.fill(template_id, buyer_lang, values)
        for part in page.query_selector_all(".inpage-part"):
            name = part.get_attribute("data-part")
            shown = part.query_selector("pre").text_content()
            assert shown == expected[name]
            part.query_selector(".inpage-copy").click()
            assert page.evaluate("navigator.clipboard.readText()") == expected[name]
            copied += 1
    assert copied >= sum(buyer_lang in langs for langs in offered.values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_template_offers_only_the_languages_it_is_written_in(page, site_url, lang):
    open_tool(page, site_url, lang, TEMPLATES)
    catalogue = page_tools.templates(lang)["templates"]
    letters = [t["id"] for t in catalogue if t["languages"] == ["en"]]
    assert letters and len(letters) < len(catalogue)  # letters to the marketplace are English only, replies are not
    page.select_option("#tpl-lang", "de")
    for t in catalogue:
        page.select_option("#tpl-template", t["id"])
        offered = page.eval_on_selector_all("#tpl-lang option", "os => os.map(o => o.value)")
        assert offered == t["languages"], t["id"]
        assert page.input_value("#tpl-lang") in t["languages"]
    # back on a reply the buyer's languages are all there again, and the form fills in the chosen one
    reply = next(t for t in catalogue if "ja" in t["languages"])
    page.select_option("#tpl-template", reply["id"])
    page.select_option("#tpl-lang", "ja")
    page.click("button[name=examples]")
    page.wait_for_selector(".inpage-copy:not([disabled])")
    assert page.locator("pre.inpage-filled[data-part=text]").text_content() == page_tools.fill(
        reply["id"], "ja", {p["name"]: p["example"]["ja"] for p in reply["placeholders"]})["text"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_link_under_a_template_opens_its_form(page, site_url, lang):
    from snippets.templates.page import GROUPS

    ids = []
    for slug, _title, _ids in sorted(GROUPS, key=lambda g: "wrong_item" in g[2]):  # ends on the page holding it
        page.goto(f"{site_url}/{lang}/messaging/templates-{slug}/")
        ids += page.eval_on_selector_all("a.fill-link", "as => as.map(a => new URL(a.href).hash)")
    assert sorted(ids) == sorted(f"#fill-{t['id']}" for t in page_tools.templates(lang)["templates"])
    page.locator("a.fill-link[href$='#fill-wrong_item']").click()
    page.wait_for_url(f"**/{lang}/{TEMPLATES}#fill-wrong_item")
    page.wait_for_selector("[data-inpage-tool][data-ready=true]", timeout=READY_MS)
    assert page.input_value("#tpl-template") == "wrong_item"
    assert page.locator("[data-inpage-tool]").evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }")
    # on the form's own page, a title in the list switches the form to that template
    letter = next(t for t in page_tools.templates(lang)["templates"] if t["languages"] == ["en"])
    page.locator(f"a#fill-{letter['id']}").click()
    page.wait_for_function(f"document.querySelector('#tpl-template').value === '{letter['id']}'")
    assert page.eval_on_selector_all("#tpl-lang option", "os => os.map(o => o.value)") == ["en"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_playbook_pages_show_their_tables_and_charts(page, site_url, lang):
    charts = 0
    for name in sorted(p.stem for p in (ROOT / "playbooks").glob("*.ipynb")):
        page.goto(f"{site_url}/{lang}/playbooks/{name}/")
        tables = page.locator(".jupyter-wrapper .jp-OutputArea-output table")
        assert tables.count() >= 1, f"{name}: no table"
        for table in tables.all():
            table.scroll_into_view_if_needed()
            box = table.bounding_box()
            assert table.is_visible() and box and box["width"] > 100 and box["height"] > 20, name
            assert table.locator("tbody tr").count() >= 1, f"{name}: an empty table"
        for img in page.locator(".jupyter-wrapper .jp-OutputArea-output img").all():
            img.scroll_into_view_if_needed()  # charts load lazily
            page.wait_for_function("img => img.complete", arg=img.element_handle(), timeout=30_000)
            natural = img.evaluate("img => [img.naturalWidth, img.naturalHeight]")
            box = img.bounding_box()
            assert natural[0] > 100 and natural[1] > 100, f"{name}: a chart did not load"
            assert img.is_visible() and box and box["width"] > 100 and box["height"] > 100, name
            charts += 1
    assert charts >= 2  # the audit's trends and the orders-per-day chart at least


def test_a_half_filled_template_cannot_be_copied(page, site_url):
    open_tool(page, site_url, "en", TEMPLATES)
    page.wait_for_selector(".inpage-missing")
    assert page.locator(".inpage-copy").count() >= 1
    assert all(b.is_disabled() for b in page.locator(".inpage-copy").all())


def test_typing_a_full_width_email_highlights_it(page, site_url):
    open_tool(page, site_url, "zh", CHECKER)
    email = "ｓａｌｅｓ＠ｎｏｒｔｈｗｉｎｄ．ｃｏｍ"
    page.locator("#check-text").press_sequentially(f"Please write to {email} for a faster answer.", delay=5)
    mark = page.locator("mark.inpage-error[data-rules~='external_contact.email']")
    mark.wait_for(timeout=30_000)
    assert mark.text_content() == email
    assert "邮箱" in page.locator("li[data-rule='external_contact.email']").inner_text()


def test_pasted_html_is_shown_as_text_and_never_runs(page, site_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_tool(page, site_url, "en", CHECKER)
    before = page.evaluate("document.querySelectorAll('img, script, iframe').length")
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script><b onmouseover=alert(3)>hi</b>'
    page.fill("#check-text", payload)
    page.wait_for_selector(".inpage-highlight", timeout=30_000)
    page.wait_for_timeout(500)
    assert page.locator(".inpage-highlight").text_content() == payload
    assert page.evaluate("document.querySelectorAll('.inpage-output img, .inpage-output script, .inpage-output b').length") == 0
    assert page.evaluate("document.querySelectorAll('img, script, iframe').length") == before
    assert not dialogs


PAGES = ["", "start-here/", "account-health/metrics/", "messaging/templates/", "messaging/templates-shipping/",
         "playbooks/orders-per-day/",
         "glossary/", CHECKER, TEMPLATES, WHATIF]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_type_loads_cleanly_from_this_site_only(page, site_url, lang):
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # A request still running when the test moves to the next page is aborted (Material's search worker): not a failure.
    page.on("requestfailed", lambda r: None if r.failure == "net::ERR_ABORTED" else problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: None if r.url.startswith((site_url, "data:", "blob:")) else problems.append(f"outside: {r.url}"))
    for path in PAGES:
        page.goto(f"{site_url}/{lang}/{path}", wait_until="networkidle")
        if path in (CHECKER, TEMPLATES, WHATIF):
            page.wait_for_selector("[data-inpage-tool][data-ready=true]", timeout=READY_MS)
    assert not problems, problems


@pytest.mark.parametrize("path", ["", "account-health/", "playbooks/account-health-audit/", "messaging/templates/",
                                  "messaging/templates-shipping/", TEMPLATES, CHECKER])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_serious_accessibility_violations(page, site_url, lang, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site_url}/{lang}/{path}")
    # theme-fixes.js makes sideways-scrolling regions focusable in small slices after load; it marks when done
    page.wait_for_selector("html[data-scroll-fixed]", state="attached", timeout=15_000)
    if path in (CHECKER, TEMPLATES):
        page.wait_for_selector("[data-inpage-tool][data-ready=true]", timeout=READY_MS)
        page.fill("#check-text", "Mail me: a@b.com") if path == CHECKER else page.click("button[name=examples]")
        page.wait_for_selector(".inpage-highlight, .inpage-filled", timeout=30_000)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious
