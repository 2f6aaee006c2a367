"""Decision diagrams: drawn by Graphviz at build time, labels escaped, Chinese kept, a clear error without dot."""

from __future__ import annotations

import shutil

import pytest
import yaml

from snippets import diagrams
from snippets.errors import UserError

needs_dot = pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz `dot` is not installed (apt-get install graphviz)")


def _write(folder, name, data):
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


HOSTILE = {"title_zh": "测试 <b>", "title_en": "Test <b>",
           "nodes": [{"id": "a", "kind": "question", "zh": '买家说"货不对板" <script>alert(1)</script>', "en": 'Buyer "says" <img src=x> \\N'},
                     {"id": "b", "kind": "good", "zh": "退款", "en": "Refund"}],
           "edges": [{"from": "a", "to": "b", "label_zh": "是", "label_en": "yes"}]}


@needs_dot
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_labels_are_escaped_and_chinese_survives(tmp_path, lang):
    _write(tmp_path, "hostile", HOSTILE)
    html = diagrams.dot_to_svg(diagrams.to_dot(diagrams.load_diagram("hostile", tmp_path), lang))
    assert "<svg" in html and "<script" not in html and "<img" not in html
    if lang == "zh":
        assert "退款" in html and "货不对板" in html and "&lt;s" in html
    else:
        assert "Refund" in html and "&lt;img" in html


@needs_dot
def test_every_shipped_diagram_draws_in_both_languages():
    ids = [p.stem for p in sorted(diagrams.DIAGRAMS_DIR.glob("*.yaml"))]
    assert ids, "no decision diagrams found"
    for diagram_id in ids:
        for lang in ("zh", "en"):
            html = diagrams.diagram_html(diagram_id, lang)
            assert html.startswith('<figure class="decision-diagram">') and "<svg" in html
            assert "\n\n" not in html, "a blank line would end the raw HTML block in Markdown"
            assert "http://www.w3.org" in html and "https://" not in html  # only the SVG namespaces


def test_the_page_marker_is_replaced(monkeypatch):
    monkeypatch.setattr(diagrams, "diagram_html", lambda diagram_id, lang: f"<figure>{diagram_id}:{lang}</figure>")
    out = diagrams.render_diagrams("before\n<!-- diagram: not-received -->\nafter", "zh")
    assert "<figure>not-received:zh</figure>" in out and "<!--" not in out


def test_missing_dot_fails_with_an_install_hint(monkeypatch):
    monkeypatch.setattr(diagrams.shutil, "which", lambda name: None)
    diagrams.dot_to_svg.cache_clear()
    with pytest.raises(UserError, match="apt-get install graphviz"):
        diagrams.dot_to_svg("digraph { a }")


def test_the_schema_spells_out_the_kinds():
    schema = yaml.safe_load((diagrams.DIAGRAMS_DIR.parent / "schemas" / "diagram.schema.yaml").read_text(encoding="utf-8"))
    assert schema["properties"]["nodes"]["items"]["properties"]["kind"]["enum"] == list(diagrams.KINDS)


def test_every_shipped_diagram_matches_the_schema():
    for path in sorted(diagrams.DIAGRAMS_DIR.glob("*.yaml")):
        assert diagrams.load_diagram.__wrapped__(path.stem)["nodes"]


# (change, entry named, problem named)
@pytest.mark.parametrize("change, entry, problem", [
    ({"nodes": [{"id": "a", "kind": "maybe", "zh": "x", "en": "x"}]}, "nodes[0] (a).kind", "'maybe' is not one of"),
    ({"nodes": [{"id": "a", "kind": "good", "zh": " ", "en": "x"}]}, "nodes[0] (a).zh", "does not match"),
    ({"nodes": [{"id": "a", "kind": "good", "en": "x"}]}, "nodes[0] (a)", "'zh' is a required property"),
    ({"edges": [{"from": "a", "to": "b", "colour": "red"}]}, "edges[0]", "('colour' was unexpected)"),
    ({"edges": [{"from": "a", "to": "nowhere"}]}, "edges[0].to", "'nowhere' is not the id of a node"),
    ({"title_en": None}, "title_en", "None is not of type 'string'"),
])
def test_a_broken_diagram_names_the_file_the_entry_and_the_problem(tmp_path, change, entry, problem):
    data = {**HOSTILE, **change}
    _write(tmp_path, "broken", data)
    with pytest.raises(UserError) as err:
        diagrams.load_diagram.__wrapped__("broken", tmp_path)
    message = str(err.value)
    assert str(tmp_path / "broken.yaml") in message
    line = next(line for line in message.splitlines() if problem in line)
    assert line.lstrip(" -").startswith(entry) or f": {entry}: " in line, message
