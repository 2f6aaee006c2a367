"""Decision diagrams drawn at build time, with no outside host: a page writes ``<!-- diagram: ID -->`` and the
build puts an inline SVG drawn by Graphviz (``dot``, Debian package graphviz) from
``snippets/data/diagrams/ID.yaml`` in its place, labelled in the page's language.

A diagram file::

    title_zh: ...            # shown under the drawing and read by screen readers
    title_en: ...
    nodes:                   # kind: question | action | good | bad (sets the colour)
      - {id: start, kind: question, zh: 买家说货不对板, en: Buyer says not as described}
    edges:                   # optional label_zh / label_en on the arrow
      - {from: start, to: check, label_zh: 是, label_en: "yes"}

Labels are escaped for DOT, and Graphviz escapes them again for SVG, so nothing in a label becomes markup.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
from functools import cache
from html import escape
from pathlib import Path

from snippets.datafiles import load_yaml
from snippets.errors import UserError

DIAGRAMS_DIR = Path(__file__).resolve().parent / "data" / "diagrams"
MARKER = re.compile(r"<!--\s*diagram:\s*([\w-]+)\s*-->")
KINDS = {"question": "#fff4c2", "action": "#dcebff", "good": "#d9f2dc", "bad": "#ffdcdc"}
FONT = "Noto Sans CJK SC"
CSS_FONTS = "'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif"


def _dot_string(text: str, lang: str) -> str:
    """A quoted DOT string, wrapped to a readable width; backslashes and quotes cannot escape it."""
    lines = _wrap(str(text), lang)
    return '"' + "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines) + '"'


def _wrap(text: str, lang: str) -> list[str]:
    if lang == "zh":  # no spaces to break at: lines of up to 13 characters, after punctuation where possible
        lines = []
        while len(text) > 13:
            cut = max((i + 1 for i, ch in enumerate(text[:13]) if ch in "，；、：。？）" and i >= 5), default=12)
            lines.append(text[:cut])
            text = text[cut:]
        return [*lines, text] if text or not lines else lines
    return textwrap.wrap(text, 24) or [""]


@cache
def load_diagram(diagram_id: str, folder: Path = DIAGRAMS_DIR) -> dict:
    """One diagram, validated by diagram.schema.yaml (the site build draws it, so always): a broken file fails
    with the file, the node or edge, and the problem."""
    path = folder / f"{diagram_id}.yaml"
    raw = load_yaml(path, "diagram")
    ids = {node["id"] for node in raw["nodes"]}
    for i, edge in enumerate(raw.get("edges") or []):
        for end in ("from", "to"):
            if edge[end] not in ids:
                raise UserError(f"{path}: edges[{i}].{end}: {edge[end]!r} is not the id of a node of this diagram")
    return raw


def to_dot(diagram: dict, lang: str) -> str:
    """The diagram as Graphviz DOT source in one language."""
    key = "zh" if lang == "zh" else "en"
    out = ["digraph decision {", "  rankdir=TB; bgcolor=transparent; nodesep=0.3; ranksep=0.35;",
           f'  node [shape=box, style="rounded,filled", fontname="{FONT}", fontsize=12, color="#555555", margin="0.15,0.08"];',
           f'  edge [fontname="{FONT}", fontsize=11, color="#888888", fontcolor="#666666"];']
    numbers = {node["id"]: f"n{i}" for i, node in enumerate(diagram["nodes"])}
    for node in diagram["nodes"]:
        out.append(f'  {numbers[node["id"]]} [label={_dot_string(node[key], lang)}, fillcolor="{KINDS[node["kind"]]}"];')
    for edge in diagram.get("edges") or []:
        label = edge.get(f"label_{key}")
        attrs = f" [label={_dot_string(label, lang)}]" if label else ""
        out.append(f"  {numbers[edge['from']]} -> {numbers[edge['to']]}{attrs};")
    out.append("}")
    return "\n".join(out)


@cache
def dot_to_svg(dot_source: str) -> str:
    """Run Graphviz; a missing `dot` or a failed run gives a clear message, never a traceback."""
    dot = shutil.which("dot")
    if not dot:
        raise UserError("Graphviz is not installed: the decision diagrams are drawn with `dot` at build time. "
                        "Install it with `sudo apt-get install graphviz`.")
    try:
        done = subprocess.run([dot, "-Tsvg"], input=dot_source.encode("utf-8"), capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise UserError(f"Graphviz `dot` could not run: {err}") from err
    if done.returncode != 0:
        raise UserError(f"Graphviz `dot` failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    svg = done.stdout.decode("utf-8")
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and doctype
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)  # Graphviz's comments
    svg = re.sub(r"<title>.*?</title>\s*", "", svg, flags=re.S)  # node ids as tooltips
    # natural size (Graphviz gives it in pt), shrunk to the column on narrow screens
    svg = re.sub(r'(<svg width="[^"]*" height="[^"]*")', r'\1 style="max-width:100%;height:auto"', svg, count=1)
    svg = svg.replace(f'font-family="{FONT}"', f'font-family="{CSS_FONTS}"')
    return "\n".join(line for line in svg.splitlines() if line.strip())  # a blank line would end the HTML block


def diagram_html(diagram_id: str, lang: str) -> str:
    diagram = load_diagram(diagram_id)
    title = escape(diagram["title_zh"] if lang == "zh" else diagram["title_en"])
    svg = dot_to_svg(to_dot(diagram, lang)).replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
    return f'<figure class="decision-diagram">\n{svg}\n<figcaption>{title}</figcaption>\n</figure>'


def render_diagrams(markdown: str, lang: str) -> str:
    """Replace every ``<!-- diagram: ID -->`` in a page."""
    return MARKER.sub(lambda m: "\n" + diagram_html(m.group(1), lang) + "\n", markdown)
