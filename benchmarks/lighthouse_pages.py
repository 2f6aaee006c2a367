"""Benchmark: Lighthouse scores of five page types, served locally, in Debian's Chromium.

    make bench-lighthouse                         # installs the pinned lighthouse (npm devDependency), then runs this
    python benchmarks/lighthouse_pages.py [--site DIR] [--lang en]

Pages: the home page, a guide page, a playbook page, the template library and the message checker. Scores
(0-100) for performance, accessibility, best practices and SEO, target >= 95 each. Lighthouse's default
mobile emulation with simulated throttling (--preset desktop: its desktop preset). Text is served
gzip-compressed like a production static host serves it (--no-gzip: as `make serve` serves it). Without --site both languages are built first (not timed).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from snippets.site import build as site  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "guide": "account-health/", "playbook": "playbooks/account-health-audit/",
         "templates": "messaging/templates/", "checker": "tools/check-online/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt"}


class Gzip(Quiet):
    """Text files gzip-compressed when the browser asks for it, as any production static host does (nginx,
    GitHub Pages, S3 + CloudFront); Python's own server never compresses. Binary files as they are."""

    cache: dict[str, bytes] = {}

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in COMPRESSIBLE
                or not path.is_file() or not self.path.split("?")[0].endswith(("/", path.suffix))):
            return super().do_GET()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, help="a built site to reuse (default: build both languages now)")
    ap.add_argument("--lang", choices=("zh", "en"), default="en")
    ap.add_argument("--port", type=int, default=0,
                    help="serve on this port (with --site: the port the site was built for, so its links resolve)")
    ap.add_argument("--preset", choices=("mobile", "desktop"), default="mobile",
                    help="Lighthouse's default mobile emulation (slow 4G, 4x CPU slowdown) or its desktop preset")
    ap.add_argument("--no-gzip", action="store_true",
                    help="serve text uncompressed, as `make serve` (Python's http.server) does; default: gzip, "
                         "as a production static host does")
    ap.add_argument("--keep", type=Path, help="also keep each page's Lighthouse JSON report in this folder")
    args = ap.parse_args()
    if not LIGHTHOUSE.exists():
        print("lighthouse is not installed: run `make bench-lighthouse` (npm ci --include=dev)", file=sys.stderr)
        return 2
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Quiet)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site or Path(tmp) / "site"
        if not args.site:
            site.build(strict=True, site_dir=site_dir, origin=origin)
        server.RequestHandlerClass = functools.partial(Quiet if args.no_gzip else Gzip, directory=str(site_dir))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")}
        rows, low = [], []
        for name, path in PAGES.items():
            out = Path(tmp) / f"{name}.json"
            cmd = [str(LIGHTHOUSE), f"{origin}/{args.lang}/{path}", "--quiet", "--output=json", f"--output-path={out}",
                   f"--only-categories={','.join(CATEGORIES)}",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
            if args.preset == "desktop":
                cmd.append("--preset=desktop")
            result = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if result.returncode or not out.exists():
                print(f"{name}: lighthouse failed (exit {result.returncode}): {result.stderr.strip()[-500:]}", file=sys.stderr)
                return 2
            report = json.loads(out.read_text(encoding="utf-8"))
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"{name}-{args.lang}-{args.preset}.json").write_bytes(out.read_bytes())
            scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            rows.append((name, path, scores))
            low += [f"{name} {c} {s}" for c, s in scores.items() if s < TARGET]
            for c in CATEGORIES:
                if scores[c] < 100:
                    failing = [a for a in report["categories"][c]["auditRefs"] if a["weight"] and
                               (report["audits"][a["id"]]["score"] or 0) < 1]
                    print(f"  {name} {c}: " + ", ".join(f"{a['id']} ({report['audits'][a['id']]['score']})" for a in failing[:6]))
    print(f"Lighthouse {report['lighthouseVersion']}, {args.lang}, {args.preset}, "
          f"{'uncompressed' if args.no_gzip else 'gzip'}, target >= {TARGET}")
    print(f"{'page':<10} {'performance':>11} {'accessibility':>13} {'best-practices':>14} {'seo':>4}  path")
    for name, path, s in rows:
        print(f"{name:<10} {s['performance']:>11} {s['accessibility']:>13} {s['best-practices']:>14} {s['seo']:>4}  /{args.lang}/{path}")
    print("below target: " + (", ".join(low) if low else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
