"""Benchmark: Lighthouse scores of five page types, served locally, in Debian's Chromium.

    make bench-lighthouse                         # installs the pinned lighthouse (npm devDependency), then runs this
    python benchmarks/lighthouse_pages.py [--site DIR --port N] [--lang en] [--preset desktop] [--runs 3]
                                          [--cpu-slowdown auto|X] [--explain] [--keep DIR]

Pages: the home page, a guide page, a playbook page, the template library (a page of templates and its index)
and the message checker. Scores
(0-100) for performance, accessibility, best practices and SEO, target >= 95 each. Lighthouse's default
mobile emulation with simulated throttling (--preset desktop: its desktop preset). Text is served
gzip-compressed like a production static host serves it (--no-gzip: as `make serve` serves it). Without --site
both languages are built first (not timed).

Each page runs --runs times (default 3); the row shows the run with the median performance score, every run's
performance score and Lighthouse's benchmarkIndex (its measure of the host CPU: a quiet high-end desktop gives
1500-2000, which is what the default 4x mobile CPU slowdown assumes). The load average is printed before and after.

--cpu-slowdown auto: Lighthouse's documented calibration for a host slower than a high-end desktop
(docs/throttling.md, "Calibrating the CPU slowdown"): the mobile preset targets a mid-tier phone; from the host's
benchmarkIndex (median of a short default run of the home page) the multiplier is 4 at >= 1500 (high-end desktop),
2 at 800-1500 (low-end desktop, high-end phone) and 1 below 800 (the host already is in the mid-tier phone
bracket). Always report it beside the default figures, labelled, never instead of them.

--explain: per page, from the median run, what the time goes to: main-thread work by category, the scripts with
the most CPU time (bootup-time), long tasks, the LCP element, render-blocking resources, unused JS/CSS, DOM size
and bytes transferred.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from snippets.site import build as site  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# "templates" is a page of the template library with its texts (the largest group page: the library was one
# 36-template page until it was split; measured before the split, messaging/templates/ was that page);
# "library" is the library's index.
PAGES = {"home": "", "guide": "account-health/", "playbook": "playbooks/account-health-audit/",
         "templates": "messaging/templates-shipping/", "library": "messaging/templates/",
         "checker": "tools/check-online/"}
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


def calibrated_multiplier(benchmark_index: float) -> float:
    """Lighthouse's docs/throttling.md table, target mid-tier mobile: host class -> cpuSlowdownMultiplier."""
    if benchmark_index >= 1500:
        return 4.0
    if benchmark_index >= 800:
        return 2.0
    return 1.0


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def run_lighthouse(url: str, out: Path, preset: str, slowdown: float | None, env: dict) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}",
           "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    if slowdown is not None:
        cmd.append(f"--throttling.cpuSlowdownMultiplier={slowdown:g}")
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode or not out.exists():
        raise RuntimeError(f"{url}: lighthouse failed (exit {result.returncode}): {result.stderr.strip()[-500:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def scores_of(report: dict) -> dict[str, int]:
    return {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}


def numeric(report: dict, audit: str) -> float:
    return report["audits"].get(audit, {}).get("numericValue") or 0.0


def explain(name: str, report: dict) -> list[str]:
    """Where a page's time and bytes go, from one report."""
    a = report["audits"]
    lines = [f"  {name}:"]
    items = lambda audit: (a.get(audit, {}).get("details") or {}).get("items") or []  # noqa: E731
    work = sorted(items("mainthread-work-breakdown"), key=lambda i: -i["duration"])
    lines.append(f"    main thread {numeric(report, 'mainthread-work-breakdown'):.0f} ms: "
                 + ", ".join(f"{i['groupLabel']} {i['duration']:.0f}" for i in work[:6]))
    boot = sorted(items("bootup-time"), key=lambda i: -i["total"])
    lines.append("    scripts (CPU ms total/eval/parse): " + "; ".join(
        f"{i['url'].rsplit('/', 1)[-1] or i['url']} {i['total']:.0f}/{i['scripting']:.0f}/{i['scriptParseCompile']:.0f}"
        for i in boot[:5]))
    tasks = items("long-tasks")
    lines.append(f"    long tasks: {len(tasks)}" + (": " + ", ".join(
        f"{t['duration']:.0f} ms ({str(t['url']).rsplit('/', 1)[-1]})" for t in tasks[:5]) if tasks else ""))
    lcp = items("largest-contentful-paint-element")
    node = "n/a (" + a.get("largest-contentful-paint-element", {}).get("errorMessage", "not reported")[:60] + ")"
    if lcp:
        inner = lcp[0].get("items") or [lcp[0]]
        first = inner[0].get("node") or {}
        node = first.get("selector", "") + " " + (first.get("snippet", "")[:70])
    phases = lcp[1].get("items") if len(lcp) > 1 else []
    lines.append(f"    LCP element: {node.strip()}" + (" | " + ", ".join(
        f"{p['phase']} {p['timing']:.0f} ms" for p in phases) if phases else ""))
    blocking = items("render-blocking-resources")
    lines.append("    render-blocking: " + (", ".join(
        f"{b['url'].rsplit('/', 1)[-1]} {b['wastedMs']:.0f} ms" for b in blocking) or "none"))
    for audit in ("unused-javascript", "unused-css-rules"):
        unused = items(audit)
        lines.append(f"    {audit}: " + (", ".join(
            f"{u['url'].rsplit('/', 1)[-1]} {u['wastedBytes'] / 1024:.0f}/{u['totalBytes'] / 1024:.0f} KiB"
            for u in unused[:4]) or "none"))
    lines.append(f"    DOM {numeric(report, 'dom-size'):.0f} elements; transferred "
                 f"{numeric(report, 'total-byte-weight') / 1024:.0f} KiB: " + ", ".join(
                     f"{i['url'].rsplit('/', 1)[-1] or 'page'} {i['totalBytes'] / 1024:.0f}"
                     for i in items("total-byte-weight")[:5]))
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, help="a built site to reuse (default: build both languages now)")
    ap.add_argument("--lang", choices=("zh", "en"), default="en")
    ap.add_argument("--port", type=int, default=0,
                    help="serve on this port (with --site: the port the site was built for, so its links resolve)")
    ap.add_argument("--preset", choices=("mobile", "desktop"), default="mobile",
                    help="Lighthouse's default mobile emulation (slow 4G, 4x CPU slowdown) or its desktop preset")
    ap.add_argument("--runs", type=int, default=3, help="runs per page; the median (by performance) is shown")
    ap.add_argument("--cpu-slowdown", default=None,
                    help="'auto' (calibrated from benchmarkIndex, see above) or a number: "
                         "throttling.cpuSlowdownMultiplier; default: Lighthouse's own (mobile 4, desktop 1)")
    ap.add_argument("--pages", default=",".join(PAGES), help="comma-separated subset of " + ", ".join(PAGES))
    ap.add_argument("--explain", action="store_true", help="print where each page's time and bytes go")
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
    print(f"load average at start: {load_average()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site or Path(tmp) / "site"
        if not args.site:
            site.build(strict=True, site_dir=site_dir, origin=origin)
        server.RequestHandlerClass = functools.partial(Quiet if args.no_gzip else Gzip, directory=str(site_dir))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")}
        slowdown: float | None = None
        label = "Lighthouse default CPU slowdown" + (" (4x)" if args.preset == "mobile" else " (desktop preset: 1x)")
        if args.cpu_slowdown == "auto":
            probe = [run_lighthouse(f"{origin}/{args.lang}/", Path(tmp) / f"probe{i}.json", args.preset, None, env)
                     ["environment"]["benchmarkIndex"] for i in range(2)]
            index = statistics.median(probe)
            slowdown = calibrated_multiplier(index) if args.preset == "mobile" else 1.0
            label = (f"CALIBRATED cpuSlowdownMultiplier={slowdown:g} (host benchmarkIndex {index:.0f}, probes "
                     f"{', '.join(f'{p:.0f}' for p in probe)}; Lighthouse docs/throttling.md table)")
        elif args.cpu_slowdown:
            slowdown = float(args.cpu_slowdown)
            label = f"cpuSlowdownMultiplier={slowdown:g} (set by hand)"
        rows, low, notes = [], [], []
        for name in args.pages.split(","):
            path = PAGES[name]
            reports = []
            for i in range(args.runs):
                try:
                    reports.append(run_lighthouse(f"{origin}/{args.lang}/{path}", Path(tmp) / f"{name}{i}.json",
                                                  args.preset, slowdown, env))
                except RuntimeError as err:
                    print(err, file=sys.stderr)
                    return 2
            reports.sort(key=lambda r: r["categories"]["performance"]["score"])
            report = reports[len(reports) // 2]
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for i, r in enumerate(reports):
                    (args.keep / f"{name}-{args.lang}-{args.preset}-{i}.json").write_text(json.dumps(r), encoding="utf-8")
            scores = scores_of(report)
            rows.append((name, path, scores, report, reports))
            low += [f"{name} {c} {s}" for c, s in scores.items() if s < TARGET]
            for c in CATEGORIES:
                if scores[c] < 100:
                    failing = [a for a in report["categories"][c]["auditRefs"] if a["weight"] and
                               (report["audits"][a["id"]]["score"] or 0) < 1]
                    notes.append(f"  {name} {c}: " + ", ".join(
                        f"{a['id']} ({report['audits'][a['id']]['score']})" for a in failing[:6]))
            if args.explain:
                notes += explain(name, report)
            print(f"  {name} done, load average {load_average()}", file=sys.stderr, flush=True)
    print(f"Lighthouse {report['lighthouseVersion']}, {args.lang}, {args.preset}, "
          f"{'uncompressed' if args.no_gzip else 'gzip'}, {label}, median of {args.runs} runs, target >= {TARGET}")
    print(f"{'page':<10} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4}  {'FCP':>6} {'LCP':>6} {'TBT':>8} {'SI':>6} "
          f"{'CLS':>5}  runs(perf)    benchmarkIndex per run")
    for name, _path, s, r, reports in rows:
        def ms(audit: str, r: dict = r) -> float:
            return numeric(r, audit)
        indexes = ", ".join(f"{x['environment']['benchmarkIndex']:.0f}" for x in reports)
        print(f"{name:<10} {s['performance']:>4} {s['accessibility']:>4} {s['best-practices']:>4} {s['seo']:>4}  "
              f"{ms('first-contentful-paint') / 1000:>5.1f}s {ms('largest-contentful-paint') / 1000:>5.1f}s "
              f"{ms('total-blocking-time'):>6.0f}ms {ms('speed-index') / 1000:>5.1f}s {ms('cumulative-layout-shift'):>5.2f}  "
              f"{'/'.join(str(scores_of(x)['performance']) for x in reports):<13} "
              f"{indexes}")
    print("below target: " + (", ".join(low) if low else "none"))
    print(f"load average at end: {load_average()}")
    if notes:
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
