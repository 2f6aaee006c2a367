"""Benchmark: how well the site's own search answers the questions people type.

    python benchmarks/search_quality.py [--site DIR]

Builds both languages strictly (unless --site names a build made for the same origin), serves them on a
local port, types every question of tests/data/search_questions.yaml into the real search box in Chromium,
and prints hit@1, hit@3 and mean reciprocal rank per language, the number of questions skipped because
their page is not in this build, and every question whose page is not in the top three.
Target: hit@3 >= 90 % per language.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere: snippets and tests/conftest

from snippets.site import build as site
from snippets.search_quality import LANGS, evaluate

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (both languages) to serve instead of building")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--stand-in", action="store_true",
                        help="also score questions whose page is absent against their section's index page")
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), http.server.SimpleHTTPRequestHandler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    site_dir = args.site or Path(tempfile.mkdtemp(prefix="search-quality-"))
    if not args.site:
        site.build(strict=True, site_dir=site_dir, origin=origin)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server.RequestHandlerClass = functools.partial(Quiet, directory=str(site_dir))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        for stand_in in (False, True) if args.stand_in else (False,):
            if stand_in:
                print("with the section index standing in for pages not in this build:")
            for lang in LANGS:
                figures = evaluate(page, origin, site_dir, lang, stand_in=stand_in)
                print(figures.line())
                for text, target, rank in figures.misses:
                    print(f"  miss: {text!r} -> {target} (rank {rank or '-'}); top: {', '.join(figures.top.get(text, []))}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
