"""What playbooks show: tables whose every cell and header is HTML-escaped (values come from the user's
files), short bilingual labels, charts with a font that has the page's script, and the headline figures the
runner puts in its summary table."""

from __future__ import annotations

import html
import json

import pandas as pd

HEADLINE_MIME = "application/vnd.handbook.headline+json"
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei"]


def table(df: pd.DataFrame, highlight: dict | None = None):
    """A Styler with no row numbers; values and column names escaped as HTML. ``highlight``: value -> CSS."""
    df = df.copy()
    df.columns = [shown(c) for c in df.columns]
    df = df.map(lambda v: shown(v) if isinstance(v, str) else v)
    styler = df.style.hide(axis="index").format(escape="html", na_rep="").format_index(escape="html", axis=1)
    if highlight:
        styler = styler.map(lambda v: highlight.get(v, "") if isinstance(v, str) else "")
    return styler


NOTHING_TO_LIST = {"zh": "没有符合条件的记录。", "en": "Nothing to list: no row matches."}


def table_or_none(df: pd.DataFrame, lang: str, highlight: dict | None = None):
    """The table, or one sentence when it has no rows (an empty table under a heading reads as a broken page)."""
    if len(df):
        return table(df, highlight)
    from IPython.display import Markdown

    return Markdown(NOTHING_TO_LIST["en" if lang == "en" else "zh"])


def shown(text) -> str:
    """``text`` with the characters a reader must not have acted on written as escapes: controls, and the bidi
    controls (U+202E ...) that would show a cell's text in another order than the file holds it."""
    from snippets.outputs import for_terminal

    return for_terminal(str(text))


def escaped(text) -> str:
    return html.escape(shown(text), quote=True)


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` as HTML with the given character spans in <mark>; everything escaped."""
    merged: list[list[int]] = []
    for start, end in sorted((int(a), int(b)) for a, b in spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        elif end > start:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out += [escaped(text[pos:start]), "<mark>", escaped(text[start:end]), "</mark>"]
        pos = end
    out.append(escaped(text[pos:]))
    return "".join(out)


def use_language_font(lang: str) -> None:
    """Chart labels in Chinese need a CJK font (CI and the site build install Noto Sans CJK)."""
    import matplotlib
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    if lang == "zh" and not names & set(CJK_FONTS):
        # matplotlib's font cache may predate the font's installation: register the system's CJK fonts
        for path in font_manager.findSystemFonts():
            if "SansCJK" in path.replace(" ", "") or "wqy" in path.lower():
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        names = {f.name for f in font_manager.fontManager.ttflist}
    cjk = [f for f in CJK_FONTS if f in names]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = ([*cjk] if lang == "zh" else []) + ["DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False


def headline(figures: dict, lang: str = "en"):
    """Show the playbook's headline figures (the runner copies them into its summary table)."""
    from IPython.display import display

    clean = {str(k): (v.item() if hasattr(v, "item") else v) for k, v in figures.items()}
    text = (" · " if lang == "en" else "，").join(f"{k}: {v}" for k, v in clean.items())
    display({HEADLINE_MIME: clean, "text/plain": text}, raw=True)


def headline_of(nb) -> dict:
    """The headline figures an executed notebook showed (empty if none)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if HEADLINE_MIME in data:
                value = data[HEADLINE_MIME]
                return json.loads(value) if isinstance(value, str) else dict(value)
    return {}
