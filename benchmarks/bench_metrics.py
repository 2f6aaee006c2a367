"""Benchmark: `python -m snippets metrics` on 1,000,000 orders against pandas alone reading the same file.

    python benchmarks/bench_metrics.py [--orders 1000000] [--repeat 3] [--file orders.txt] [--items-per-order 1.6]

Generates an Amazon-style item-level TSV with `python -m snippets sample-data` (unless --file is given);
`--items-per-order 1.6` then adds item rows (another SKU, same order fields) until orders average that many
rows, the shape of an Amazon "All Orders" report of a store selling bundles;
then runs each command in a fresh Python process (both pay interpreter start-up and imports) and prints the
wall time, the CPU time (user + system, from wait4: steadier than wall time on a shared machine), the ratios
and the peak memory (max RSS of the child). Target: ratio <= 1.3.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PANDAS_READ = "import sys, pandas as pd; pd.read_csv(sys.argv[1], sep='\\t', engine='pyarrow')"


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MiB, CPU seconds: user + system) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if proc.returncode not in (0, 1):  # metrics exits 1 when a metric fails; that is a result, not an error
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # Linux reports KiB


def add_item_rows(path: Path, per_order: float) -> None:
    """Repeat whole item rows of random orders with another SKU, right after the order's own rows (Amazon keeps
    an order's rows together), until the file averages ``per_order`` rows per order."""
    import numpy as np
    import pandas as pd

    items = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, engine="pyarrow")
    orders = items["amazon-order-id"].nunique()
    extra = max(0, round(orders * per_order) - len(items))
    rng = np.random.default_rng(7)
    picked = items.iloc[np.sort(rng.choice(len(items), size=extra, replace=extra > len(items)))].copy()
    picked["sku"] = picked["sku"] + "-B"
    picked["quantity"] = "2"
    out = pd.concat([items, picked]).sort_index(kind="stable")
    out.to_csv(path, sep="\t", index=False, lineterminator="\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--file", type=Path, help="use this order file instead of generating one")
    ap.add_argument("--items-per-order", type=float, default=None, metavar="F",
                    help="add item rows until orders average F rows (generated files only; e.g. 1.6)")
    args = ap.parse_args()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())  # the machine may be shared: say how busy it was

    with tempfile.TemporaryDirectory(prefix="bench-metrics-") as tmp:
        path = args.file
        if path is None:
            # In a child process: a forked child's peak RSS starts from its parent's, so this process stays small.
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "snippets", "sample-data", tmp, "--orders", str(args.orders)],
                           check=True, stdout=subprocess.DEVNULL)
            path = Path(tmp) / "orders.txt"
            if args.items_per_order:
                add_item_rows(path, args.items_per_order)
            with path.open("rb") as fh:
                item_rows = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 24), b"")) - 1
            print(f"generated {args.orders:,} orders ({item_rows:,} item rows, "
                  f"{path.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - start:.1f} s")
        metrics_cmd = [sys.executable, "-m", "snippets", "metrics", str(path), "--format", "json"]
        pandas_cmd = [sys.executable, "-c", PANDAS_READ, str(path)]
        run(pandas_cmd)  # warm the page cache so neither side pays for the first disk read
        results = {"metrics": [], "pandas": []}
        for _ in range(args.repeat):  # interleaved, so drifting machine load hits both alike
            results["pandas"].append(run(pandas_cmd))
            results["metrics"].append(run(metrics_cmd))

    print(f"{'':34s}{'median s':>10s}{'best s':>10s}{'CPU s':>10s}{'peak MiB':>10s}")
    for name, label in (("metrics", "python -m snippets metrics"), ("pandas", "pandas.read_csv(engine='pyarrow')")):
        walls, mems, cpus = zip(*results[name], strict=True)
        print(f"{label:34s}{statistics.median(walls):10.2f}{min(walls):10.2f}{statistics.median(cpus):10.2f}"
              f"{max(mems):10.0f}")

    def ratio(i: int, pick) -> float:
        return pick(r[i] for r in results["metrics"]) / pick(r[i] for r in results["pandas"])

    print(f"ratio metrics / bare read: {ratio(0, statistics.median):.2f}x wall (median), {ratio(0, min):.2f}x wall "
          f"(best), {ratio(2, statistics.median):.2f}x CPU (median); target <= 1.3x")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.repeat} runs each, "
          f"load average before {load_before}, after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
