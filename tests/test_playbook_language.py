"""One notebook, two languages: the Chinese site's playbook pages read in Chinese and the English site's in
English (narrative, headings, tables, chart labels)."""

from __future__ import annotations

import re

import nbformat
import pytest
from bs4 import BeautifulSoup

from snippets.playbooks.language import cell_language
from snippets.playbooks.runner import list_playbooks

NOTEBOOKS = list_playbooks()
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


def page_parts(html: str) -> tuple[str, str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    narrative = " ".join(c.get_text(" ") for c in soup.select(".jp-MarkdownCell"))
    outputs = " ".join(c.get_text(" ") for c in soup.select(".jp-OutputArea-output"))
    headers = [th.get_text(" ").strip() for th in soup.select(".jp-OutputArea-output th")]
    return narrative, outputs, headers


def check_page(html: str, lang: str, path) -> None:
    narrative, outputs, headers = page_parts(html)
    assert narrative.strip(), f"{path.stem} ({lang}): no narrative rendered"
    other = "en" if lang == "zh" else "zh"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell_language(cell) == other:
            first = next((ln for ln in cell.source.splitlines() if ln and not ln.startswith("#")), "")
            words = re.sub(r"[`*\[\]()<>]|\{.*?\}", "", first)[:30]
            assert not words or words not in narrative, f"{path.stem} ({lang}): {other} text on the page: {words!r}"
    if lang == "en":
        assert not CJK.search(narrative), f"{path.stem}: Chinese in the English narrative: {CJK.findall(narrative)[:10]}"
        assert not CJK.search(outputs), f"{path.stem}: Chinese in the English tables: {outputs[:300]}"
    else:
        letters = len(re.findall(r"[A-Za-z]", narrative)) + len(CJK.findall(narrative))
        assert len(CJK.findall(narrative)) / letters > 0.5, f"{path.stem}: the Chinese narrative is mostly not Chinese"
        if headers:
            assert sum(bool(CJK.search(h)) for h in headers) >= len([h for h in headers if re.search(r"[A-Za-z]{4}", h)]) / 2, \
                f"{path.stem}: table headers not in Chinese: {headers[:10]}"


@pytest.mark.site
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_rendered_page_reads_in_its_language(built_site, path, lang):
    html = (built_site / lang / "playbooks" / path.stem / "index.html").read_text(encoding="utf-8")
    check_page(html, lang, path)


def figure_text(fig) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in [ax.title, ax.xaxis.label, ax.yaxis.label,
                                                               *ax.get_xticklabels(), *ax.get_yticklabels()]
                    + ([*ax.get_legend().get_texts()] if ax.get_legend() else []))


def charts(lang):
    import tempfile
    from pathlib import Path

    from snippets.disputes.triage import plot_mix, triage
    from snippets.metrics.audit import plot_trends, run_audit
    from snippets.returns.analysis import plot_reasons, read_returns
    from snippets.sample_data import write_sample_data

    s = write_sample_data(Path(tempfile.mkdtemp()), n_orders=400)
    yield plot_mix(triage(s["claims"]), lang)
    yield plot_reasons(read_returns(s["returns"]), lang)
    yield plot_trends(run_audit(s["orders"]).trend, "amazon", lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_labels_in_the_page_language(lang):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for fig in charts(lang):
        title = fig.axes[0].get_title()
        if lang == "zh":
            assert CJK.search(title), f"chart title {title!r} is not Chinese"
            font = font_manager.findfont(fig.axes[0].title.get_fontproperties(), fallback_to_default=False)
            assert "CJK" in font or "Han" in font or "WenQuanYi" in font, f"no CJK font for Chinese labels: {font}"
        else:
            assert not CJK.search(figure_text(fig)), f"Chinese in an English chart: {figure_text(fig)[:200]}"
        plt.close(fig)


def test_the_language_travels_as_a_parameter_not_in_the_environment(monkeypatch):
    """`playbook run` injects `lang` (default zh) like any other parameter; an old HANDBOOK_LANG is ignored."""
    from snippets.playbooks.language import cell_language
    from snippets.playbooks.runner import prepare

    monkeypatch.setenv("HANDBOOK_LANG", "en")
    for given, lang in (({}, "zh"), ({"lang": "en"}, "en")):
        _, nb = prepare("orders-per-day", given)
        injected = [c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and f"lang = {lang!r}" in injected[0]
        assert {cell_language(c) for c in nb.cells} == {None, lang}
