"""Write an executed playbook as a report someone can send on: HTML without the code, every output
escaped where it is made, and a Content-Security-Policy that lets the page run no script and load nothing
from elsewhere (tables and charts are inline); or the executed notebook itself (.ipynb)."""

from __future__ import annotations

import re
from pathlib import Path

from snippets.errors import UserError

SUFFIXES = (".html", ".ipynb")
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
       "base-uri 'none'; form-action 'none'")


def check_report_path(path: Path) -> None:
    """Say what is wrong before a long run, not after."""
    if path.suffix.lower() not in SUFFIXES:
        raise UserError(f"--output {path}: a report is .html (to read and send on) or .ipynb (the executed "
                        "notebook); give a name ending in one of them.")
    if not path.resolve().parent.is_dir():
        raise UserError(f"--output {path}: the folder {path.parent} does not exist")


def shown_outputs(nb):
    """A copy of ``nb`` whose printed and displayed text has every control character written as an escape: an
    ESC sequence in a value from the file would otherwise become colours and styles (nbconvert turns ANSI codes
    into styled spans), and a bidi control (U+202E) would show the rest of the line in another order."""
    import copy

    from snippets.outputs import for_terminal

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                text = out.get("text", "")
                out["text"] = for_terminal("".join(text) if isinstance(text, list) else text)
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str):
                    out["data"][mime] = for_terminal(value)
    return nb


def to_html(nb) -> str:
    from nbconvert import HTMLExporter

    # Tables escape every value themselves (snippets.playbooks.display.table); nbconvert's own sanitiser
    # would also escape the rendered markdown, so it stays off and the policy below blocks any script.
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(shown_outputs(nb))
    body = re.sub(r"<script\b[^>]*>.*?</script\s*>", "", body, flags=re.S | re.I)  # a report runs no code
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    head = body.find("<head>")
    if head < 0:
        raise UserError("the HTML report has no <head>: cannot add its security policy")
    return body[:head + 6] + "\n" + meta + body[head + 6:]


def write_report(nb, path: Path) -> Path:
    import nbformat

    path = Path(path)
    if path.suffix.lower() == ".html":
        path.write_text(to_html(nb), encoding="utf-8")
    else:
        nbformat.write(nb, path)
    return path
