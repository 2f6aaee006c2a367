"""The glossary (``snippets/data/glossary.yaml``): page tables and the Chinese search dictionary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from snippets.datafiles import load_yaml
from snippets.errors import UserError
from snippets.facts import render_facts

GLOSSARY_FILE = Path(__file__).parent / "data" / "glossary.yaml"
# A user-dictionary frequency high enough that jieba keeps each term whole.
JIEBA_FREQ = 200_000


@dataclass(frozen=True)
class Term:
    id: str
    zh: str
    en: str
    definition_zh: str
    definition_en: str
    abbr: str | None = None
    zh_aliases: tuple[str, ...] = field(default_factory=tuple)
    en_aliases: tuple[str, ...] = field(default_factory=tuple)
    # other spellings of the same concept that pages must not use (tests/test_terms.py); still searchable
    zh_variants: tuple[str, ...] = field(default_factory=tuple)
    en_variants: tuple[str, ...] = field(default_factory=tuple)
    page: str | None = None

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def definition(self, lang: str) -> str:
        return self.definition_zh if lang == "zh" else self.definition_en


@cache
def load_glossary(path: Path = GLOSSARY_FILE) -> tuple[Term, ...]:
    """Read and validate the glossary (shape: snippets/data/schemas/glossary.schema.yaml); a broken entry names
    the file, the entry and the problem."""
    raw = load_yaml(path, "glossary")
    terms, seen = [], set()
    for i, entry in enumerate(raw):
        where = f"{path}: [{i}] ({entry['id']})"
        if entry["id"] in seen:
            raise UserError(f"{where}: duplicate id")
        seen.add(entry["id"])
        for key in ("zh_aliases", "en_aliases", "zh_variants", "en_variants"):
            entry[key] = tuple(entry.get(key) or ())
        clash = set(entry["zh_variants"]) & {entry["zh"], *entry["zh_aliases"]}
        if clash:
            raise UserError(f"{where}: {', '.join(sorted(clash))} is both the preferred term (or an alias) and a variant")
        terms.append(Term(**entry))
    return tuple(terms)


def jieba_words() -> list[str]:
    """Chinese words the search segmenter must keep whole: every term, alias and variant with Han characters."""
    words = []
    for term in load_glossary():
        for word in (term.zh, *term.zh_aliases, *term.zh_variants):
            if re.search(r"[\u4e00-\u9fff]", word) and word not in words:
                words.append(word)
    return words


def jieba_user_dict() -> str:
    """The glossary as a jieba user dictionary (``word freq`` per line)."""
    return "".join(f"{w} {JIEBA_FREQ}\n" for w in jieba_words() if " " not in w)


def glossary_markdown(lang: str) -> str:
    """The glossary table for a page, sorted for the reader's language."""
    terms = sorted(load_glossary(), key=lambda t: t.en.lower() if lang == "en" else t.zh)
    head = ("| 术语 | English | 说明 |\n|---|---|---|\n" if lang == "zh"
            else "| Term | 中文 | Meaning |\n|---|---|---|\n")
    rows = []
    for t in terms:
        name = t.name(lang) + (f" ({t.abbr})" if t.abbr else "")
        other = t.en if lang == "zh" else t.zh
        # definitions may carry <!-- fact: KEY --> tokens, so that they never retype a threshold
        text = render_facts(t.definition(lang), lang).replace("|", "\\|")
        if t.page:
            more = "详见" if lang == "zh" else "More"
            # a link to the source file, relative to glossary.md at the docs root, so `--strict` can check it
            target = f"{t.page}index.md" if t.page.endswith("/") else t.page
            text += f" [{more}]({target})"
        rows.append(f"| **{name}** {{ #{t.id} }} | {other} | {text} |")
    return head + "\n".join(rows) + "\n"


@dataclass(frozen=True)
class VariantUse:
    line: int
    variant: str
    preferred: str
    term_id: str


def variant_uses(text: str, lang: str) -> list[VariantUse]:
    """Every use of a glossary variant (``zh_variants`` / ``en_variants``) in ``text``, where the preferred
    term should stand. English variants match whole words, case-insensitively."""
    found = []
    for term in load_glossary():
        for variant in (term.zh_variants if lang == "zh" else term.en_variants):
            # "Walmart Seller Center" is the name of Walmart's own dashboard, not a misspelt Seller Central
            pattern = re.escape(variant) if lang == "zh" else rf"(?<![\w-])(?<!Walmart ){re.escape(variant)}(?![\w-])"
            for n, line in enumerate(text.splitlines(), 1):
                if re.search(pattern, line, flags=0 if lang == "zh" else re.I):
                    found.append(VariantUse(n, variant, term.name(lang), term.id))
    return sorted(found, key=lambda u: (u.line, u.variant))
