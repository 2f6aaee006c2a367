"""First-run (or current) scores of corpus batches, one file at a time.

    python benchmarks/score_batches.py tests/data/message_corpus/batch34.yaml [...]

Prints, per file: compliant messages flagged at warning/error, precision and recall per category, and
every miss. Used to record the first run of a new batch in its header before any rule changes.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from snippets.messages.evaluation import POLICY_CATEGORIES, load_corpus, score


def report_for(path: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(path, Path(tmp) / path.name)
        cases = load_corpus(Path(tmp))
    r = score(cases)
    s = r.by_category
    out = [f"{path.name}: {r.cases} messages; compliant flagged {r.compliant_flagged}/{r.compliant}"]
    cats = []
    for c in POLICY_CATEGORIES:
        n = s.tp[c] + s.fn[c]
        if n or s.fp[c]:
            cats.append(f"{c} P {s.precision(c):.2f} R {s.recall(c):.2f} ({s.tp[c]}/{n}, fp {s.fp[c]})")
    out.append("  " + "; ".join(cats))
    for case, got in r.misses:
        out.append(f"  miss {case.source} expected {sorted(case.expect)} got {sorted(got)}: {case.text[:90]}")
    return "\n".join(out)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(report_for(Path(name)))
