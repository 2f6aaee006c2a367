"""snippets/site/lazy_search.py: the patch of Material's bundle that loads the search index on first use.

Run against the bundle of the installed Material, so an update that changes the patched text fails here (and
the build fails with a clear message) instead of silently loading the index with every page again. The browser
side (no index request with the page, search still finds) is in tests/test_browser.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import material
import pytest

from snippets.errors import UserError
from snippets.site.lazy_search import EAGER, LAZY, MARK, defer_search_index

BUNDLES = sorted((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))


def _site_with(tmp_path: Path, code: str) -> Path:
    folder = tmp_path / "assets" / "javascripts"
    folder.mkdir(parents=True)
    (folder / "bundle.abc.min.js").write_text(code, encoding="utf-8")
    return tmp_path


def test_the_installed_material_bundle_is_patched_once(tmp_path):
    assert len(BUNDLES) == 1, BUNDLES
    folder = tmp_path / "assets" / "javascripts"
    folder.mkdir(parents=True)
    shutil.copy(BUNDLES[0], folder / BUNDLES[0].name)
    original = BUNDLES[0].read_text(encoding="utf-8")
    code = defer_search_index(tmp_path).read_text(encoding="utf-8")
    assert original.count(EAGER) == 1 and EAGER not in code and code.count(LAZY) == 1
    # the index request now waits for the search toggle (or a ?h= highlight link) ...
    assert 'Je("search")' in LAZY and "location.search" in LAZY
    # ... and every name the patch uses is one the bundle defines at its top level
    for name in ("function Je(", "function Re(", "function Z(", "function ze(", "Or=Te()"):
        assert name in original, name
    assert defer_search_index(tmp_path).read_text(encoding="utf-8") == code  # idempotent
    assert code.startswith(MARK)


def test_a_changed_bundle_fails_the_build_clearly(tmp_path):
    with pytest.raises(UserError, match="search index loading changed"):
        defer_search_index(_site_with(tmp_path, "fetch('search/search_index.json')"))
