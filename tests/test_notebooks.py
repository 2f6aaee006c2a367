"""Playbooks: committed clean and parameterised; rendered, executed and searchable in both languages."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from snippets.playbooks.language import cell_language, for_language
from snippets.playbooks.runner import find_playbook, list_playbooks, parse_param, run_playbook

NOTEBOOKS = list_playbooks()
LANGS = ("zh", "en")


def test_there_are_playbooks():
    assert NOTEBOOKS, "no notebooks in playbooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; run `nbstripout {path}` (pre-commit does it for you)"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_has_one_parameters_cell_and_unique_ascii_heading_ids(path, lang):
    """Each language's copy: headings whose ids (mkdocs-jupyter keeps only ASCII) are non-empty and unique;
    duplicate or empty ids break the site search."""
    from mkdocs_jupyter.utils import slugify

    nb = for_language(nbformat.read(path, as_version=4), lang)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code", f"{path.name}: needs exactly one code cell tagged 'parameters'"
    ids = [slugify(h) for c in nb.cells if c.cell_type == "markdown" for h in re.findall(r"^#+ (.*)$", c.source, flags=re.M)]
    assert ids and all(ids), f"{path.name} ({lang}): a heading with no ASCII letters or digits gets an empty id: {ids}"
    assert len(ids) == len(set(ids)), f"{path.name} ({lang}): duplicate heading ids {ids}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_narrative_cell_has_a_language(path):
    """Markdown is written once per language (cells tagged lang-zh / lang-en), each with a title."""
    nb = nbformat.read(path, as_version=4)
    untagged = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and cell_language(c) is None]
    assert not untagged, f"{path.name}: markdown cells {untagged} have no lang-zh / lang-en tag"
    for lang in LANGS:
        first = for_language(nb, lang).cells[0]
        assert first.cell_type == "markdown" and first.source.startswith("# "), f"{path.name}: {lang} copy needs a title first"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_sample_data_with_no_parameters(path):
    """`playbook run NAME` with no -p gives a complete report from the sample data (within the timeout)."""
    import time

    from snippets.playbooks.display import headline_of

    start = time.monotonic()
    nb = run_playbook(path.stem, {"lang": "en"}, timeout=240)
    seconds = time.monotonic() - start
    shown = [c for c in nb.cells if c.cell_type == "code" and re.search(r"\b(display|show|headline|plot_\w+)\(|\.plot\(|\.head\(", c.source)]
    assert shown and all(c.outputs for c in shown), f"{path.stem}: a cell meant to show something showed nothing"
    if path.stem not in ("orders-per-day", "account-health-audit"):
        assert headline_of(nb), f"{path.stem}: shows no headline figures for the --each summary"
    print(f"{path.stem}: {seconds:.1f} s")


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_rendered_with_outputs(built_site, lang, path):
    html = (built_site / lang / "playbooks" / path.stem / "index.html").read_text(encoding="utf-8")
    assert '"nbformat"' not in html[:2000], "the notebook was written as raw JSON"
    assert "jp-Cell" in html, "the notebook was not rendered by mkdocs-jupyter"
    # (the class names also appear in the inline JupyterLab CSS: look for rendered output elements)
    assert re.search(r'<div class="jp-OutputArea-child', html), "the notebook was not executed at build time"
    assert "Traceback" not in html


@pytest.mark.site
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_in_search_index(built_site, lang, path):
    index = json.loads((built_site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    title = for_language(nbformat.read(path, as_version=4), lang).cells[0].source.splitlines()[0].lstrip("# ").strip()
    entries = [d for d in index["docs"] if d["location"].startswith(f"playbooks/{path.stem}/")]
    assert entries, f"{path.stem} is missing from the {lang} search index"
    titles = [d["title"].replace("\u200b", "") for d in entries]  # jieba joins Chinese words with U+200B
    assert title in titles, f"page title {title!r} not among {titles}"


def test_orders_per_day_takes_parameters():
    nb = run_playbook("orders-per-day", {"days": 7}, timeout=120)
    last = nb.cells[-1].outputs[0]["data"]["text/plain"]
    assert len(last.strip().splitlines()) == 1 + 1 + 5, "busiest-days table should list 5 days"
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "days = 7" in injected[0].source


def test_parameter_values_are_literals_or_strings():
    assert parse_param("days=7") == ("days", 7)
    assert parse_param("orders_file=/tmp/orders.txt") == ("orders_file", "/tmp/orders.txt")
    assert parse_param("lang='zh'") == ("lang", "zh")


def test_unknown_playbook_names_the_known_ones():
    from snippets.errors import UserError

    with pytest.raises(UserError, match="orders-per-day"):
        find_playbook("no-such-playbook")


def test_playbook_shows_the_library_message_for_bad_input(tmp_path):
    from snippets.errors import UserError

    missing = tmp_path / "nope.txt"
    with pytest.raises(UserError) as caught:
        run_playbook("orders-per-day", {"orders_file": str(missing)}, timeout=120)
    assert "Traceback" not in str(caught.value) and "nope.txt" in str(caught.value)


def test_every_user_error_class_is_known_to_the_runner():
    import snippets.messages.rules  # noqa: F401  (defines RuleFileError)
    import snippets.templates  # noqa: F401  (defines TemplateError)
    from snippets.errors import UserError
    from snippets.playbooks.runner import USER_ERRORS

    def names(cls):
        return {cls.__name__} | {n for sub in cls.__subclasses__() for n in names(sub)}

    assert names(UserError) == USER_ERRORS
