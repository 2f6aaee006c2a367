"""Benchmark: reading a 100,000-order XLSX, as Chinese ERPs export it.

    python benchmarks/bench_xlsx.py [--orders 100000] [--repeat 3] [--file orders.xlsx]

Generates the sample orders (`python -m snippets sample-data`) and writes them to one sheet with date columns as
real Excel date cells, like an ERP export (unless --file is given). Then times, each in a fresh Python process:
`python -m snippets metrics` on the workbook, and pandas alone reading the sheet with the openpyxl engine (the
reader's former way) and with the calamine engine (its way now). Prints wall times and peak memory.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_metrics import run

READ = "import sys, pandas as pd; pd.read_excel(sys.argv[1], dtype=object, engine=sys.argv[2])"
DATE_COLUMNS = ("purchase-date", "last-updated-date", "latest-ship-date", "ship-date", "latest-delivery-date",
                "delivery-date")


def write_workbook(tsv: Path, out: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(tsv, sep="\t", dtype=str, keep_default_na=False)
    for name in DATE_COLUMNS:  # Excel date cells (naive, UTC), as an ERP writes them
        frame[name] = pd.to_datetime(frame[name].replace("", None), utc=True).dt.tz_localize(None)
    frame.to_excel(out, index=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--file", type=Path, help="use this workbook instead of generating one")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-xlsx-") as tmp:
        path = args.file
        if path is None:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "snippets", "sample-data", tmp, "--orders", str(args.orders)],
                           check=True, stdout=subprocess.DEVNULL)
            path = Path(tmp) / "orders.xlsx"
            write_workbook(Path(tmp) / "orders.txt", path)
            print(f"wrote {args.orders:,} orders to {path.name} ({path.stat().st_size / 2**20:.1f} MiB) "
                  f"in {time.perf_counter() - start:.1f} s")
        commands = {
            "python -m snippets metrics": [sys.executable, "-m", "snippets", "metrics", str(path), "--format", "json"],
            "pandas.read_excel(openpyxl)": [sys.executable, "-c", READ, str(path), "openpyxl"],
            "pandas.read_excel(calamine)": [sys.executable, "-c", READ, str(path), "calamine"],
        }
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.repeat):  # interleaved, so drifting machine load hits all alike
            for name, cmd in commands.items():
                results[name].append(run(cmd))

    print(f"{'':30s}{'median s':>10s}{'best s':>10s}{'peak MiB':>10s}")
    for name, res in results.items():
        walls, mems = zip(*res, strict=True)
        print(f"{name:30s}{statistics.median(walls):10.2f}{min(walls):10.2f}{max(mems):10.0f}")
    print(f"Python {sys.version.split()[0]}, {args.repeat} runs each")


if __name__ == "__main__":
    main()
