"""Build and serve the bilingual site: one MkDocs project per language (see CONTRIBUTING.md)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from snippets.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = {"zh": "mkdocs.zh.yml", "en": "mkdocs.yml"}
SITE_DIR = ROOT / "site"

REDIRECT = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>Seller Ops Handbook · 卖家运营手册</title>
<meta http-equiv="refresh" content="0; url=zh/{index}"></head>
<body><p><a href="zh/{index}">卖家运营手册（简体中文）</a> · <a href="en/{index}">Seller Ops Handbook (English)</a></p></body></html>
"""


def build(strict: bool = True, languages: list[str] | None = None, site_dir: Path = SITE_DIR,
          origin: str | None = None, offline: bool = False) -> dict[str, float]:
    """Build every language into ``<site_dir>/<lang>/`` and write the root page; return seconds per language.

    ``origin`` (e.g. ``http://127.0.0.1:8000``) is where the site will be served: the language switcher
    only keeps the reader on the same page when the sitemaps carry that origin. ``offline`` builds the
    pack that opens from disk (file://), search included.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "JUPYTER_PLATFORM_DIRS": "1",
           "HANDBOOK_OFFLINE": "true" if offline else "false"}
    if origin:
        env.update({f"HANDBOOK_URL_{lang.upper()}": f"{origin.rstrip('/')}/{lang}/" for lang in LANGUAGES})
    timings = {}
    for lang in languages or list(LANGUAGES):
        cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / LANGUAGES[lang]), "-d", str(site_dir / lang)]
        if strict:
            cmd.append("--strict")
        start = time.perf_counter()
        print(f"building {lang} ...", file=sys.stderr, flush=True)
        result = subprocess.run(cmd, cwd=ROOT, env=env)
        if result.returncode:
            raise UserError(f"mkdocs build failed for language '{lang}' (exit {result.returncode}); see the messages above")
        timings[lang] = time.perf_counter() - start
    # from disk a folder URL shows a file listing, so the offline pack links index.html itself
    (site_dir / "index.html").write_text(REDIRECT.format(index="index.html" if offline else ""), encoding="utf-8")
    return timings


def clean(site_dir: Path = SITE_DIR) -> None:
    """Remove what a build writes into ``site_dir`` (one folder per language and the root page), nothing else."""
    for lang in LANGUAGES:
        target = site_dir / lang
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
    root_page = site_dir / "index.html"
    if root_page.is_file() or root_page.is_symlink():
        root_page.unlink()


def pack(output: Path) -> Path:
    """Build the offline pack (opens from disk, no server, no outside request) and zip it to exactly ``output``
    (``my.handbook.v2`` stays that name: no suffix is dropped or added)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "seller-ops-handbook"
        build(strict=True, site_dir=root, offline=True)
        archive = shutil.make_archive(str(Path(tmp) / "pack"), "zip", root_dir=tmp, base_dir=root.name)
        shutil.move(archive, output)
    return output


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE_DIR))
    with http.server.ThreadingHTTPServer((host, port), handler) as httpd:
        print(f"Serving the handbook at http://{host}:{port}/ (中文 /zh/, English /en/); Ctrl+C to stop", flush=True)
        httpd.serve_forever()
