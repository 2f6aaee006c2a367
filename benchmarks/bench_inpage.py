"""Benchmark: the in-page tools (Pyodide in a Web Worker) in Debian's Chromium, and what they cost the build.

    python benchmarks/bench_inpage.py [--site DIR] [--runs 50] [--loads 3]

- Build: seconds for a full strict build of both languages (skipped with --site, which reuses a built site)
  and the bytes the in-page tools add per language (assets/inpage: runtime, Python bundle, scripts).
- Check speed: a 2,000-character message (labelled corpus messages joined, violations included) checked
  --runs times in the page; the median and 95th percentile of the time inside the worker, measured there with
  performance.now(), beside a one-frame budget of 16 ms (the worker never blocks the page; the budget says
  whether an answer can follow a keystroke within a frame).
- Load: time from navigation start to the checker being ready (worker reports Pyodide and the project's
  Python loaded and the rules compiled), cold (fresh browser context, empty cache) and warm (the same page
  reloaded), --loads times each; median.
Speed figures depend on the machine and its load: compare runs on one machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from snippets.messages.evaluation import load_corpus  # noqa: E402
from snippets.site import build as site  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FRAME_MS = 16.0
PAGE = "/en/tools/check-online/"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def message_of(length: int) -> str:
    parts, total = [], 0
    for case in load_corpus(ROOT / "tests" / "data" / "message_corpus"):
        if case.lang == "en":
            parts.append(case.text)
            total += len(case.text) + 1
            if total >= length:
                break
    return "\n".join(parts)[:length]


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, help="a built site to reuse (default: build both languages now, timed)")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--loads", type=int, default=3)
    args = ap.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    tmp = None
    if args.site:
        site_dir = args.site
    else:
        tmp = tempfile.TemporaryDirectory()
        site_dir = Path(tmp.name) / "site"
        start = time.perf_counter()
        per_lang = site.build(strict=True, site_dir=site_dir, origin=origin)
        total = time.perf_counter() - start
        print(f"build, both languages, strict: {total:.1f} s ({', '.join(f'{k} {v:.1f} s' for k, v in per_lang.items())})")
    for lang in ("zh", "en"):
        if not (site_dir / lang).is_dir():  # a site built with --lang en only
            continue
        added, whole = size(site_dir / lang / "assets" / "inpage"), size(site_dir / lang)
        runtime = size(site_dir / lang / "assets" / "inpage" / "pyodide")
        bundle = (site_dir / lang / "assets" / "inpage" / "handbook-py.zip").stat().st_size
        print(f"size added ({lang}): {added / 1e6:.1f} MB of {whole / 1e6:.1f} MB "
              f"(Pyodide runtime {runtime / 1e6:.1f} MB, Python bundle {bundle / 1e3:.0f} kB)")

    server.RequestHandlerClass = functools.partial(Quiet, directory=str(site_dir))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    text = message_of(2000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        cold, warm, worker_init, steps = [], [], [], []
        for _ in range(args.loads):
            context = browser.new_context()
            page = context.new_page()
            for target in (cold, warm):
                page.goto(origin + PAGE) if target is cold else page.reload()
                target.append(page.evaluate("window.handbookTools.ready.then(() => performance.now())"))
                worker_init.append(page.evaluate("window.handbookTools.ready"))
                steps.append(page.evaluate("window.handbookTools.steps"))
            context.close()
        context = browser.new_context()
        page = context.new_page()
        page.goto(origin + PAGE)
        page.evaluate("window.handbookTools.ready")
        times = page.evaluate("""async ([text, runs]) => {
            const out = [];
            for (let i = 0; i < runs; i++) out.push((await window.handbookTools.ask("check", {text, page_lang: "en"})).ms);
            return out;
        }""", [text, args.runs])
        findings = page.evaluate("async (text) => (await window.handbookTools.ask('check', {text})).findings.length", text)
        browser.close()
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"in-page check of a {len(text)}-character message ({findings} findings), {args.runs} runs: median "
          f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, inside the worker (one frame: {FRAME_MS:.0f} ms)")
    print(f"page load to checker ready: cold {statistics.median(cold) / 1000:.2f} s, warm {statistics.median(warm) / 1000:.2f} s "
          f"(median of {args.loads}; of which inside the worker: {statistics.median(worker_init) / 1000:.2f} s: "
          + ", ".join(f"{k} {statistics.median(s[k] for s in steps) / 1000:.2f} s" for k in steps[0]) + ")")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
