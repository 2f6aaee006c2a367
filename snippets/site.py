"""Build and serve the bilingual site: one MkDocs project per language (see CONTRIBUTING.md)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from snippets.errors import UserError

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"zh": "mkdocs.zh.yml", "en": "mkdocs.yml"}
DEFAULT_LANG = "zh"
SITE_DIR = ROOT / "site"

REDIRECT = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>Seller Ops Handbook · 卖家运营手册</title>
<meta http-equiv="refresh" content="0; url={lang}/"><link rel="canonical" href="{lang}/"></head>
<body><p><a href="zh/">卖家运营手册（简体中文）</a> · <a href="en/">Seller Ops Handbook (English)</a></p></body></html>
"""


def build(strict: bool = True, languages: list[str] | None = None, site_dir: Path = SITE_DIR,
          origin: str | None = None) -> dict[str, float]:
    """Build every language into ``<site_dir>/<lang>/`` and write the root page; return seconds per language.

    ``origin`` (e.g. ``http://127.0.0.1:8000``) is where the site will be served: the language switcher
    only keeps the reader on the same page when the sitemaps carry that origin.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "JUPYTER_PLATFORM_DIRS": "1"}
    if origin:
        env.update({f"HANDBOOK_URL_{lang.upper()}": f"{origin.rstrip('/')}/{lang}/" for lang in LANGUAGES})
    timings = {}
    for lang in languages or list(LANGUAGES):
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / LANGUAGES[lang]), "-d", str(site_dir / lang)]
        if strict:
            cmd.append("--strict")
        start = time.perf_counter()
        print(f"building {lang} ...", file=sys.stderr, flush=True)
        result = subprocess.run(cmd, cwd=ROOT, env=env)
        if result.returncode:
            raise UserError(f"mkdocs build failed for language '{lang}' (exit {result.returncode}); see the messages above")
        timings[lang] = time.perf_counter() - start
    (site_dir / "index.html").write_text(REDIRECT.format(lang=DEFAULT_LANG), encoding="utf-8")
    return timings


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE_DIR))
    with http.server.ThreadingHTTPServer((host, port), handler) as httpd:
        print(f"Serving the handbook at http://{host}:{port}/ (中文 /zh/, English /en/); Ctrl+C to stop", flush=True)
        httpd.serve_forever()


def register(sub) -> None:
    p = sub.add_parser("site", help="build both languages of the handbook site, or build and serve it")
    p.add_argument("action", choices=["build", "serve"], help="build: write site/; serve: build, then serve on localhost")
    p.add_argument("--lang", action="append", choices=list(LANGUAGES), help="build only this language (repeatable)")
    p.add_argument("--no-strict", action="store_true", help="do not turn warnings into errors")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=_run)


def _run(args) -> int:
    if args.action == "build" and SITE_DIR.exists() and not args.lang:
        shutil.rmtree(SITE_DIR)
    origin = f"http://127.0.0.1:{args.port}" if args.action == "serve" else None
    timings = build(strict=not args.no_strict, languages=args.lang, origin=origin)
    for lang, secs in timings.items():
        print(f"built {lang} in {secs:.1f}s -> {SITE_DIR / lang}", file=sys.stderr)
    if args.action == "serve":
        serve(port=args.port)
    return 0
