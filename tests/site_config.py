"""Read the two MkDocs configs without running MkDocs (their custom YAML tags are ignored)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = {"en": ROOT / "mkdocs.yml", "zh": ROOT / "mkdocs.zh.yml"}


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load(lang: str) -> dict:
    return yaml.load(CONFIGS[lang].read_text(encoding="utf-8"), Loader=_Loader)


def nav_paths(lang: str) -> list[str]:
    """Every page path in a language's nav, in order."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(load(lang)["nav"])
    return out


def built_page(site_dir: Path, lang: str, path: str) -> Path:
    """Where MkDocs writes a nav page (directory URLs)."""
    stem = path.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return site_dir / lang / stem.removesuffix("index") / "index.html"
    return site_dir / lang / stem / "index.html"
