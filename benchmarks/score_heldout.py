"""Score the message checker on the frozen held-out set (tests/data/message_heldout): text it was never tuned on.

    python benchmarks/score_heldout.py [--folder DIR] [--json] [--list]

Prints, per category, precision and recall (pooled over languages, and per language where a category has at
least 5 positives), and the share of compliant messages flagged at warning or error, per language and in all.
Only warning and error findings count (info is advice). `--list` prints the ids of wrong answers, which is for
diagnosing a labelling error only: tuning on them would spoil the set (see its README).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import yaml

from snippets.messages import check_message

CATEGORIES = ("external_contact", "external_link", "review_incentive", "review_manipulation", "promotion",
              "off_platform", "sensitive_data")
FOLDER = Path(__file__).resolve().parent.parent / "tests" / "data" / "message_heldout"


def score(folder: Path) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    compliant, flagged = Counter(), Counter()
    wrong: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lang = data["lang"]
        for m in data["messages"]:
            found = {f.category for f in check_message(m["text"], platform=m.get("platform", "amazon"))
                     if f.severity in ("error", "warning")} & set(CATEGORIES)
            want = set(m["labels"])
            if not want:
                compliant[lang] += 1
                flagged[lang] += bool(found)
            for c in CATEGORIES:
                key = (lang, c)
                if c in found and c in want:
                    tp[key] += 1
                elif c in found:
                    fp[key] += 1
                    wrong.append(f"{m['id']} +{c}")
                elif c in want:
                    fn[key] += 1
                    wrong.append(f"{m['id']} -{c}")

    def pr(keys) -> dict:
        t, f, n = (sum(x[k] for k in keys) for x in (tp, fp, fn))
        return {"precision": round(t / (t + f), 3) if t + f else None, "recall": round(t / (t + n), 3) if t + n else None,
                "positives": t + n}

    langs = sorted(compliant)
    return {
        "compliant_flagged": {**{lang: f"{flagged[lang]}/{compliant[lang]}" for lang in langs},
                              "all": f"{sum(flagged.values())}/{sum(compliant.values())}",
                              "share": round(sum(flagged.values()) / max(1, sum(compliant.values())), 4)},
        "by_category": {c: pr([(lang, c) for lang in langs]) for c in CATEGORIES},
        "by_language": {lang: pr([(lang, c) for c in CATEGORIES]) for lang in langs},
        "by_language_category": {f"{lang}:{c}": pr([(lang, c)]) for lang in langs for c in CATEGORIES
                                 if tp[(lang, c)] + fn[(lang, c)] >= 5},
        "wrong": wrong,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folder", type=Path, default=FOLDER)
    ap.add_argument("--json", action="store_true", help="print the whole result as JSON")
    ap.add_argument("--list", action="store_true", help="also list the ids of wrong answers")
    args = ap.parse_args()
    result = score(args.folder)
    wrong = result.pop("wrong")
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        cf = result["compliant_flagged"]
        print(f"compliant messages flagged (warning/error): {cf['all']} = {cf['share']:.1%}  "
              + "  ".join(f"{k} {v}" for k, v in cf.items() if k not in ("all", "share")))
        print(f"{'category':22s} precision  recall  positives")
        for c, s in result["by_category"].items():
            print(f"{c:22s} {s['precision'] if s['precision'] is not None else '-':>9}  {s['recall']:>6}  {s['positives']:>9}")
        print("per language (all categories): " + "  ".join(
            f"{lang} P {s['precision']} R {s['recall']}" for lang, s in result["by_language"].items()))
    if args.list:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
