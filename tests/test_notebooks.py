"""Playbooks: committed clean and parameterised; rendered, executed and searchable in both languages."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_has_one_parameters_cell_and_ascii_headings(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code", f"{path.name}: needs exactly one code cell tagged 'parameters'"
    for cell in nb.cells:
        for heading in re.findall(r"^#+ (.*)$", cell.source, flags=re.M) if cell.cell_type == "markdown" else []:
            assert re.match(r"[A-Za-z0-9]", heading), f"{path.name}: heading '{heading}' must start in ASCII (Chinese-only headings get empty ids)"


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
    title = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0].lstrip("# ").strip()
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
