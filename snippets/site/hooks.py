"""MkDocs hooks: thin glue between the site build and the ``snippets`` library.

- adds the top-level ``playbooks/*.ipynb`` to every language's pages, as that language's copy (before
  mkdocs-jupyter sees them);
- teaches the Chinese search segmenter (jieba) the glossary terms, so they stay whole in the index;
- replaces ``<!-- generated: NAME -->`` markers with tables built from the data under ``snippets/data``, and
  ``<!-- fact: KEY -->`` with single values (``snippets.facts``) and ``<!-- diagram: ID -->`` with an SVG
  drawn by Graphviz (``snippets.diagrams``);
- shows each page's owner and last-reviewed date from its front matter;
- for the offline pack, ships the vendored iframe-worker shim and makes the language links relative;
- adds the glossary's synonyms to the search index (``snippets.search_terms``), so any spelling finds a section.
- names the search dialog (accessibility);
- lightens the playbook pages (``snippets.site.notebook_pages``: only the notebook CSS a page uses, charts as
  lazily loaded files); the served site gets no offline polyfill;
- ships the in-page tools (checker, template forms, what-if): their page script and, after the build, the
  Pyodide runtime and the project's Python (``snippets.site.inpage``);
- on the served site, the search index loads when the reader opens search, not with every page
  (``snippets.site.lazy_search``; opened from disk, Material already does so).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from snippets.diagrams import render_diagrams
from snippets.errors import UserError
from snippets.facts import render_facts
from snippets.glossary import jieba_words
from snippets.search_terms import expand_search_index_file, patch_search_worker
from snippets.site import notebook_pages
from snippets.site.generated import GENERATORS

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOKS = ROOT / "playbooks"
SHIM = Path(__file__).resolve().parent / "vendor" / "iframe-worker" / "shim.js"
ASSETS = Path(__file__).resolve().parent / "assets"
MARKER = re.compile(r"<!--\s*generated:\s*([\w-]+)\s*-->")
REVIEWED = {"zh": "负责人：{owner} · 最近审核：{reviewed}", "en": "Owner: {owner} · Last reviewed: {reviewed}"}


def _lang(config) -> str:
    return "zh" if str(config["theme"]["language"]).startswith("zh") else "en"


def on_config(config):
    try:
        import jieba
    except ImportError as err:  # without jieba Chinese search silently degrades: fail loudly instead
        raise PluginError("jieba is not installed: Chinese search would not work. Run `pip install -r requirements.txt`.") from err
    jieba.setLogLevel(60)
    for word in jieba_words():
        jieba.add_word(word, freq=200_000)
    if os.environ.get("HANDBOOK_OFFLINE") != "true":
        # The iframe-worker shim is for pages opened from disk only; served, it would be one more script that
        # blocks the first paint (Lighthouse).
        config["extra"]["polyfills"] = []
    else:
        # Opened from disk there is no server root: "/zh/" would point at the file system root.
        for alt in config["extra"].get("alternate", []):
            alt["link"] = f"../{alt['lang']}/index.html"
    return config


@event_priority(100)  # before mkdocs-jupyter wraps notebook files
def on_files(files, config):
    # Each language gets its own copy of every playbook: that language's cells, `lang` injected, facts filled in
    # (snippets/playbooks/language.py).
    from snippets.playbooks.language import write_site_copies

    copies = Path(tempfile.mkdtemp(prefix=f"handbook-playbooks-{_lang(config)}-"))
    for nb in write_site_copies(PLAYBOOKS, copies, _lang(config)):
        files.append(File(f"playbooks/{nb.name}", str(copies), config["site_dir"], config["use_directory_urls"]))
    files.append(File("iframe-worker/shim.js", str(SHIM.parent.parent), config["site_dir"], config["use_directory_urls"],
                      dest_uri="assets/javascripts/iframe-worker/shim.js"))
    for name in ("inpage-tools.js", "inpage-tools.css", "theme-fixes.js", "theme-fixes.css"):  # listed in extra_javascript / extra_css
        files.append(File(name, str(ASSETS), config["site_dir"], config["use_directory_urls"],
                          dest_uri=f"assets/inpage/{name}"))
    return files


SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_NAME = {"zh": "搜索", "en": "Search"}


ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="(\w+)">')


def on_post_page(output, page, config):
    if notebook_pages.is_notebook_page(output):  # a playbook: JupyterLab's whole stylesheet and inline charts
        output = notebook_pages.slim(output, Path(config["site_dir"]) / Path(page.file.dest_uri).parent)
    # Material's search dialog has no accessible name (axe: aria-dialog-name); give it one.
    output = output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{SEARCH_NAME[_lang(config)]}">', 1)
    if os.environ.get("HANDBOOK_OFFLINE") != "true":
        # hreflang links must be absolute (Lighthouse SEO). They stay each language's root: Material's language
        # switcher reads <root>/sitemap.xml from them to keep the reader on the same page.
        site_url = str(config["site_url"] or "")
        if site_url.rstrip("/").endswith("/" + _lang(config)):
            root = site_url.rstrip("/")[: -len(_lang(config))]
            output = ALTERNATE.sub(lambda m: f'<link rel="alternate" href="{root}{m.group(1)}/" '
                                             f'hreflang="{m.group(1)}">', output)
    return output


def on_page_markdown(markdown, page, config, files):
    lang = _lang(config)

    def generate(match: re.Match) -> str:
        name = match.group(1)
        if name not in GENERATORS:
            raise PluginError(f"{page.file.src_path}: unknown generated block '{name}'; known: {', '.join(sorted(GENERATORS))}")
        return GENERATORS[name](lang)

    markdown = MARKER.sub(generate, markdown)
    try:
        markdown = render_diagrams(render_facts(markdown, lang), lang)  # <!-- diagram: ID --> → inline SVG (Graphviz)
    except UserError as err:
        raise PluginError(f"{page.file.src_path}: {err}") from err
    meta = page.meta
    if meta.get("owner") and meta.get("reviewed"):
        line = REVIEWED[lang].format(owner=meta["owner"], reviewed=meta["reviewed"])
        markdown = re.sub(r"^(# .*\n)", rf'\1\n<small class="page-review">{line}</small>\n', markdown, count=1, flags=re.M)
    return markdown


@event_priority(-50)  # after the search plugin writes the index (0), before the offline plugin copies it (-100)
def on_post_build(config):
    """The glossary's synonyms into the search index, the worker's stop words and Chinese segmenter fix, the
    in-page tools' runtime, then (served site only) the search index loaded on demand."""
    from snippets.site import inpage, lazy_search

    expand_search_index_file(Path(config["site_dir"]) / "search" / "search_index.json", _lang(config))
    try:
        patch_search_worker(config["site_dir"])
        inpage.install(Path(config["site_dir"]), offline=os.environ.get("HANDBOOK_OFFLINE") == "true")
        if os.environ.get("HANDBOOK_OFFLINE") != "true":
            lazy_search.defer_search_index(Path(config["site_dir"]))
    except UserError as err:
        raise PluginError(str(err)) from err
