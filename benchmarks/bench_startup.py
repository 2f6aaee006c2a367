"""Benchmark: wall time of `python -m snippets --help` and `check` on one short message, beside a bare interpreter.

    python benchmarks/bench_startup.py [--runs 7]

Prints the median wall time of each command (separate processes, so imports and rule loading count) and
whether pandas or matplotlib were imported. Targets on an idle machine: `--help` under 0.3 s, `check` of one
message under 0.4 s. On a busy machine the CPU times are the better guide (the load average is printed).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # `python -m snippets` runs the package of this checkout


def wall(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``cmd``. On a busy machine the wall time
    includes waiting for a core; the CPU time is close to what an idle machine's wall time would be."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        msg = Path(tmp) / "message.txt"
        msg.write_text("Thanks for your order! Please leave us a review.", encoding="utf-8")
        py = sys.executable
        rows = [("bare interpreter (python -c pass)", [py, "-c", "pass"]),
                ("python -m snippets --help", [py, "-m", "snippets", "--help"]),
                ("python -m snippets check message.txt", [py, "-m", "snippets", "check", str(msg)]),
                ("python -m snippets check --lang ja message.txt", [py, "-m", "snippets", "check", "--lang", "ja",
                                                                  str(msg)])]
        results = [(name, wall(cmd, args.runs)) for name, cmd in rows]
        script = (f"import sys, runpy\nsys.argv = ['snippets', 'check', {str(msg)!r}]\n"
                  "try:\n    runpy.run_module('snippets', run_name='__main__')\nexcept SystemExit:\n    pass\n"
                  "print('HEAVY:', ' '.join(m for m in ('pandas', 'matplotlib', 'pyarrow', 'numpy') if m in sys.modules))")
        probe = subprocess.run([py, "-c", script], cwd=ROOT, capture_output=True, text=True)
    for name, (t, c) in results:
        print(f"{name:50} wall {t:6.3f} s, CPU {c:6.3f} s (medians of {args.runs})")
    print(f"{'check minus bare interpreter':50} wall {results[2][1][0] - results[0][1][0]:6.3f} s, "
          f"CPU {results[2][1][1] - results[0][1][1]:6.3f} s")
    heavy = next((line[6:].strip() for line in probe.stdout.splitlines() if line.startswith("HEAVY:")), "?")
    print(f"heavy modules imported by check: {heavy or 'none'}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs; "
          "targets (idle machine, wall): --help <= 0.3 s, check <= 0.4 s")


if __name__ == "__main__":
    main()
