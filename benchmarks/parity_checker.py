"""Parity of the checker's findings between two versions of the code (for speed work: findings must not change).

    python benchmarks/parity_checker.py OUT.txt [--long 600] [--joined 300]
    PYTHONPATH=/tmp/base python benchmarks/parity_checker.py BASE.txt   # the same, for an export of the branch point
    cmp OUT.txt BASE.txt

Writes one line per (message, platform, language) with every field of every finding (the JSON keys and the
report's suggestion_zh, title, title_zh), plus ``message_languages()`` per message: the whole tuning corpus x
amazon/ebay/walmart x auto and each language, long mixed messages (corpus messages of different batches and
languages joined by spaces, as the benchmark builds them) and newline-joined ones. The corpus is read from this
file's repository, whatever ``snippets`` is imported.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import yaml

from snippets.messages import check_message, message_languages

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "message_corpus"
LANGS = (None, "en", "de", "fr", "es", "it", "ja")


def corpus_texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            texts.append(item["text"])
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--long", type=int, default=600)
    ap.add_argument("--joined", type=int, default=300)
    args = ap.parse_args()
    texts = corpus_texts()
    n = len(texts)
    long_texts = [" ".join(texts[(i * 13 + j * 97) % n] for j in range(6)) for i in range(args.long)]
    joined = ["\n".join(texts[(i * 7 + j * 89) % n] for j in range(4)) for i in range(args.joined)]
    digest = hashlib.sha256()
    count = 0
    with open(args.out, "w", encoding="utf-8") as out:
        def emit(line: str) -> None:
            nonlocal count
            out.write(line + "\n")
            digest.update(line.encode())
            count += 1

        for k, text in enumerate(texts):
            for platform in ("amazon", "ebay", "walmart"):
                for lang in LANGS if platform == "amazon" else (None, "de", "ja"):
                    found = [(*f.to_dict().values(), f.suggestion_zh, f.title, f.title_zh)
                             for f in check_message(text, lang=lang, platform=platform)]
                    emit(f"corpus#{k} {platform} {lang} {found!r}")
            emit(f"corpus#{k} languages {message_languages(text)!r}")
        for name, group in (("long", long_texts), ("joined", joined)):
            for k, text in enumerate(group):
                for platform, lang in (("amazon", None), ("ebay", None), ("walmart", None), ("amazon", "de"),
                                       ("amazon", "ja"), ("amazon", "en")):
                    found = [(*f.to_dict().values(), f.suggestion_zh, f.title, f.title_zh)
                             for f in check_message(text, lang=lang, platform=platform)]
                    emit(f"{name}#{k} {platform} {lang} {found!r}")
                emit(f"{name}#{k} languages {message_languages(text)!r}")
    import snippets

    print(f"{count} lines, sha256 {digest.hexdigest()[:16]} ({Path(snippets.__file__).parent})")


if __name__ == "__main__":
    main()
