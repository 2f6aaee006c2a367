"""Load the search index when the reader opens search, not with every page.

Material for MkDocs fetches ``search/search_index.json`` (1.1 MB, some 180 kB gzip) as soon as any served page
starts, and hands it to the search worker. It was the largest download of every page of the handbook, five times
Material's own script, and it travels while the page is still painting: Lighthouse's simulated phone load put it on
the way to the largest contentful paint of all five measured pages (benchmarks/results/issue11_lighthouse_round2.txt).

Material already loads the index on demand when the site is opened from disk (the offline pack: the index is
fetched when the search dialog opens). This makes the served site do the same: the index is fetched the first
time the search toggle opens (a click on the search field or icon, the ``/`` or ``s`` shortcut), or at once when
the page was reached from a search result (``?h=...``, for search.highlight). The search box says "Initializing
search" until the worker has built the index, as it does at any first load.

Material has no setting for this, so its minified bundle is patched after the build, the same way
``snippets.search_terms.patch_search_worker`` patches its worker: by exact text, and the build fails with a clear
message when a Material update changes that text (tests/test_lazy_search.py).
"""

from __future__ import annotations

from pathlib import Path

from snippets.errors import UserError

# Material 9.x (src/templates/assets/javascripts/bundle.ts, fetchSearchIndex): on http(s) the index is requested
# when the bundle starts. In the minified bundle: L = merge, $ = of, Je = watchToggle, Re = first, b = switchMap,
# Z = shareReplay, ze = requestJSON, Or = the page config; all top-level names of the same bundle.
EAGER = 'ze(new URL("search/search_index.json",Or.base))}'
LAZY = ('L($(/[?&]h=/.test(location.search)),Je("search")).pipe(Re(o=>o),'
        'b(()=>ze(new URL("search/search_index.json",Or.base))),Z(1))}')
MARK = "/*handbook:lazy-search-index*/"


def defer_search_index(site_dir: Path) -> Path:
    """Patch the built site's Material bundle so the search index loads on first use; return the patched file."""
    bundles = sorted((Path(site_dir) / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise UserError(f"expected one Material bundle under {site_dir}/assets/javascripts, found {len(bundles)}")
    bundle = bundles[0]
    code = bundle.read_text(encoding="utf-8")
    if MARK in code:
        return bundle
    if code.count(EAGER) != 1:
        raise UserError(f"{bundle}: Material's search index loading changed; update snippets/site/lazy_search.py (EAGER)")
    bundle.write_text(MARK + code.replace(EAGER, LAZY), encoding="utf-8")
    return bundle
