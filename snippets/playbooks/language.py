"""One notebook, two languages. Markdown cells tagged ``lang-zh`` or ``lang-en`` are kept only for that
language (cells with neither tag are shown in both); the ``lang`` parameter tells the code cells which
language to print tables and chart labels in. The site build writes one filtered copy per language with
``lang`` injected (``snippets/site/hooks.py``); ``playbook run`` filters and injects the same way."""

from __future__ import annotations

import copy

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"  # a playbook run without a `lang` parameter (the site's copies and `playbook run` pass one)
TAG = "lang-{}"


def playbook_language(lang: object) -> str:
    """The language a playbook's code prints in: its ``lang`` parameter, else Chinese. The language travels as a
    parameter only (papermill-style ``-p lang=en``; the site build injects its own), never through the
    environment."""
    if lang is None or lang == "":
        return DEFAULT_LANGUAGE
    if not isinstance(lang, str) or lang not in LANGUAGES:
        from snippets.errors import UserError

        raise UserError(f"lang={lang!r}: expected {' or '.join(LANGUAGES)}")
    return lang


def cell_language(cell) -> str | None:
    tags = cell.get("metadata", {}).get("tags", [])
    return next((lang for lang in LANGUAGES if TAG.format(lang) in tags), None)


def for_language(nb, lang: str):
    """A copy of ``nb`` with only the cells for ``lang`` (and the cells for every language), facts filled in."""
    from snippets.facts import render_facts

    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if cell_language(c) in (None, lang)]
    for cell in out.cells:  # `<!-- fact: KEY -->` in the text, as on the pages
        if cell.cell_type == "markdown":
            cell.source = render_facts(cell.source, lang)
    out.metadata["language_info_handbook"] = lang
    return out


def inject_parameters(nb, params: dict) -> None:
    """The papermill convention: given values go in a new cell right after the one tagged ``parameters``."""
    import nbformat

    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not tagged:
        from snippets.errors import UserError

        raise UserError("the notebook has no cell tagged 'parameters'")
    source = "# Parameters given on the command line\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(tagged[0] + 1, cell)


def site_copy(path, lang: str):
    """The notebook as the ``lang`` site shows it: that language's cells, ``lang`` injected."""
    import nbformat

    nb = for_language(nbformat.read(path, as_version=4), lang)
    inject_parameters(nb, {"lang": lang})
    return nb


def write_site_copies(source_dir, dest_dir, lang: str) -> list:
    """Every playbook in ``source_dir`` as the ``lang`` site shows it, written to ``dest_dir/playbooks/``."""
    from pathlib import Path

    import nbformat

    out_dir = Path(dest_dir) / "playbooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(Path(source_dir).glob("*.ipynb")):
        target = out_dir / path.name
        nbformat.write(site_copy(path, lang), target)
        written.append(target)
    return written
