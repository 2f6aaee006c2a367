"""Experiment (issue 13): would a character n-gram linear model, as a second opinion beside the rules, raise
recall on unseen batches without raising false alarms? Leave-one-batch-out over the corpus.

    python benchmarks/ngram_second_opinion.py      # needs scikit-learn (not a project dependency)

For each batch file B: train one logistic regression per category on character 2-5-grams of every other file,
predict B. Printed: the model alone, and the union "first-run rules OR model" on the batches whose first-run
rule results are recorded (benchmarks/results/issue13_first_run_*.txt: the messages listed as misses carry the
labels the rules gave; the others got exactly their expected labels).
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from snippets.messages.evaluation import POLICY_CATEGORIES, load_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = 0.5


def first_run_labels() -> dict[str, set[str]]:
    """source -> labels the rules gave on the first run, for messages recorded as misses."""
    got = {}
    for path in (ROOT / "benchmarks" / "results").glob("issue13_first_run_*.txt"):
        for m in re.finditer(r"miss (\S+) expected \[[^\]]*\] got (\[[^\]]*\])", path.read_text()):
            got[m.group(1)] = set(ast.literal_eval(m.group(2)))
    return got


def main() -> None:
    cases = load_corpus(ROOT / "tests" / "data" / "message_corpus")
    files = sorted({c.source.split("#")[0] for c in cases})
    recorded = first_run_labels()
    recorded_files = {s.split("#")[0] for s in recorded}
    model_only, union, rules_only = Counter(), Counter(), Counter()
    for held in files:
        train = [c for c in cases if not c.source.startswith(held + "#")]
        test = [c for c in cases if c.source.startswith(held + "#")]
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, min_df=2, sublinear_tf=True)
        x_train, x_test = vec.fit_transform([c.text for c in train]), vec.transform([c.text for c in test])
        predicted = {c.source: set() for c in test}
        for cat in POLICY_CATEGORIES:
            y = [cat in c.expect for c in train]
            clf = LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0).fit(x_train, y)
            for c, p in zip(test, clf.predict_proba(x_test)[:, 1], strict=True):
                if p >= THRESHOLD:
                    predicted[c.source].add(cat)
        for c in test:
            _count(model_only, c, predicted[c.source])
            if held in recorded_files:
                rules = recorded.get(c.source, set(c.expect))
                _count(rules_only, c, rules)
                _count(union, c, rules | predicted[c.source])
    for name, counts in (("model alone, every batch left out in turn", model_only),
                         ("first-run rules alone, batches 34-42", rules_only),
                         ("first-run rules OR model, batches 34-42", union)):
        print(f"\n{name}: compliant flagged {counts['flagged']}/{counts['compliant']}")
        for cat in POLICY_CATEGORIES:
            tp, fp, fn = counts[("tp", cat)], counts[("fp", cat)], counts[("fn", cat)]
            prec = tp / (tp + fp) if tp + fp else 1.0
            rec = tp / (tp + fn) if tp + fn else 1.0
            print(f"  {cat:20} precision {prec:.2f} recall {rec:.2f} (tp {tp}, fp {fp}, fn {fn})")


def _count(counts: Counter, case, got: set[str]) -> None:
    if not case.expect:
        counts["compliant"] += 1
        counts["flagged"] += bool(got)
    for cat in POLICY_CATEGORIES:
        outcome = {(True, True): "tp", (True, False): "fp", (False, True): "fn"}.get((cat in got, cat in case.expect))
        if outcome:
            counts[(outcome, cat)] += 1


if __name__ == "__main__":
    main()
