"""Benchmark: the message checker's accuracy on the labelled corpus, and its speed.

    python benchmarks/bench_checker.py [--messages 10000] [--repeat 3] [--join 6] [--skip-accuracy]

Accuracy: precision and recall per category and per language (the language detected, as an agent would
run it), and the share of compliant messages flagged at warning or error level.
Speed: time to check N mixed messages (the corpus, cycled) beside the least any checker must spend on the
same messages: NFKC-normalise each one and run one compiled alternation regex of every lexicon term of
every rule over it. Both run in this process after a warm-up (rules loaded, patterns compiled). The messages are long and mixed:
each joins --join corpus messages of different batches and languages (a few hundred characters, as an agent's
reply with a quoted buyer message is).
Scaling: 'Leave a review and we will send a gift. ' repeated 10k, 20k and 40k times; linear time means the
time per repetition stays flat (issue 7: it was 8 s / 26 s / 85 s, quadratic).
Targets: precision and recall >= 0.95 per category, <= 2 % compliant flagged, ratio <= 10, flat scaling.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
import unicodedata
from pathlib import Path

from snippets.messages import check_message
from snippets.messages.evaluation import POLICY_CATEGORIES, load_corpus, score
from snippets.messages.language import LANGUAGES
from snippets.messages.prefilter import trie_pattern
from snippets.messages.rules import load_rules

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "message_corpus"


def rule_patterns() -> list[str]:
    def terms(spec) -> tuple:
        if hasattr(spec, "each"):  # a co-occurrence rule: its parts and their exceptions
            return (*(p for part in spec.each for p in (part.any, *part.unless)), *spec.unless)
        return (*spec.all, *spec.unless)

    return list(dict.fromkeys(p.pattern for r in load_rules() if r.kind != "detector"
                              for spec in r.match.values() for p in terms(spec)))


def baseline_patterns() -> dict[str, re.Pattern]:
    """Readings of "one alternation of all lexicon terms": the plain words the rules' expressions contain
    (3+ letters) as one trie-shaped alternation (the honest minimal pass), the same words as a flat
    alternation, and the rules' own expressions joined (both of which Python's engine runs slowly)."""
    patterns = rule_patterns()
    words = {w.lower() for p in patterns for w in re.findall(r"[^\W\d_]{3,}", re.sub(r"\\[a-zA-Z]", " ", p))}
    literal = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return {f"{len(words)} rule words as a trie (minimal pass)": re.compile(trie_pattern(words)),
            f"{len(words)} rule words as a flat alternation": re.compile(literal, re.IGNORECASE),
            "rule expressions": re.compile("|".join(f"(?:{t})" for t in patterns), re.IGNORECASE)}


CPU: dict[str, float] = {}  # the CPU time of the last ``timed`` run (the machine may be shared: wall time inflates)


def timed(fn, texts, repeat: int) -> float:
    runs, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        for t in texts:
            fn(t)
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU["last"] = statistics.median(cpu)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--join", type=int, default=6, help="corpus messages joined into one long message")
    ap.add_argument("--skip-accuracy", action="store_true", help="speed only")
    ap.add_argument("--all-baselines", action="store_true",
                    help="also time the flat alternations (minutes on long messages: Python tries every word "
                         "at every position)")
    args = ap.parse_args()

    cases = load_corpus(CORPUS)
    if not args.skip_accuracy:
        accuracy(cases)
    speed(cases, args)


def accuracy(cases) -> None:
    report = score(cases)
    print(f"corpus: {report.cases} messages, {report.compliant} compliant "
          f"({report.compliant / report.cases:.0%}), languages detected automatically\n")
    print(f"{'category':22} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    s = report.by_category
    for cat in POLICY_CATEGORIES:
        print(f"{cat:22} {s.precision(cat):9.3f} {s.recall(cat):7.3f} {s.tp[cat]:4} {s.fp[cat]:4} {s.fn[cat]:4}")
    print(f"\n{'language':22} {'precision':>9} {'recall':>7} {'messages':>8}")
    s = report.by_language
    for lang in LANGUAGES:
        n = sum(c.lang == lang for c in cases)
        print(f"{lang:22} {s.precision(lang):9.3f} {s.recall(lang):7.3f} {n:8}")
    print(f"\ncompliant messages flagged at warning/error: {report.compliant_flagged}/{report.compliant} "
          f"= {report.false_flag_share:.1%}")
    for case, got in report.misses:
        print(f"  miss {case.source} [{case.lang}] expected {sorted(case.expect)} got {sorted(got)}: {case.text[:70]}")



def speed(cases, args) -> None:
    # Long mixed messages: message i joins corpus messages i, i+k, i+2k... (k co-prime with the corpus size,
    # so each long message mixes batches and languages).
    n, k = len(cases), 97
    texts = [" ".join(cases[(i + j * k) % n].text for j in range(args.join)) for i in range(args.messages)]
    for t in texts[:200]:  # warm-up: rules, patterns, caches
        check_message(t)
    full = timed(check_message, texts, args.repeat)
    full_cpu = CPU["last"]
    mean = sum(map(len, texts)) / len(texts)
    print(f"\nspeed, {args.messages} long mixed messages ({mean:.0f} characters on average; median of {args.repeat}):")
    print(f"  check_message (language detection, normalisation, detectors, all rules): {full:.3f} s, "
          f"{full / args.messages * 1e6:.0f} µs per message; CPU {full_cpu:.3f} s, {full_cpu / args.messages * 1e6:.0f} µs")
    baselines = baseline_patterns()
    for name, pattern in list(baselines.items())[: None if args.all_baselines else 1]:
        def baseline(t: str, pattern=pattern) -> None:
            pattern.findall(unicodedata.normalize("NFKC", t).casefold())

        base = timed(baseline, texts, args.repeat)
        print(f"  baseline, NFKC + one alternation of the {name}: {base:.3f} s; "
              f"ratio {full / base:.1f}x (target <= 10x); CPU {CPU['last']:.3f} s, ratio {full_cpu / CPU['last']:.1f}x")
    print("\nscaling, 'Leave a review and we will send a gift. ' repeated:")
    unit = "Leave a review and we will send a gift. "
    for reps in (10_000, 20_000, 40_000):
        start, start_cpu = time.perf_counter(), time.process_time()
        check_message(unit * reps)
        took, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        print(f"  {reps:>6} times ({len(unit) * reps:,} characters): {took:6.2f} s, {took / reps * 1e6:5.1f} µs per repetition"
              f" (CPU {cpu:6.2f} s, {cpu / reps * 1e6:5.1f} µs)")


if __name__ == "__main__":
    main()
