"""``python -m snippets check``: check buyer messages before they are sent.

    python -m snippets check [FILE|-] [--lang auto|en|de|fr|es|it|ja] [--platform amazon|ebay|walmart]
                             [--format text|json]
    python -m snippets check --jsonl FILE|-     # {"id", "text", "lang"?} per line in; {"id", "findings"} out

Exit codes: 0 nothing at error level; 1 a finding at error level; 2 could not run (bad arguments,
unreadable input, an invalid rule file).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from snippets.errors import UserError

LANG_CHOICES = ("auto", "en", "de", "fr", "es", "it", "ja")


def register(sub) -> None:
    p = sub.add_parser(
        "check", help="check a buyer message for what gets messages blocked or accounts suspended",
        description="Check a buyer message (a file, or - for standard input) against the message rules. "
                    "Exit codes: 0 nothing at error level, 1 a finding at error level, 2 could not run.")
    p.add_argument("file", nargs="?", metavar="FILE|-", help="the message text (UTF-8); - or nothing: stdin")
    p.add_argument("--lang", default="auto", choices=LANG_CHOICES, help="buyer language (default: detect)")
    p.add_argument("--platform", default="amazon", choices=("amazon", "ebay", "walmart"),
                   help="marketplace whose rules apply (default: amazon, the strictest)")
    p.add_argument("--format", default="text", choices=("text", "json"), help="output format (default: text)")
    p.add_argument("--jsonl", metavar="FILE|-",
                   help='check many messages: one {"id": ..., "text": ..., "lang"?: ...} per line; '
                        'prints one {"id": ..., "findings": [...]} per line')
    p.add_argument("--rules", metavar="DIR", type=Path, help="rule folder (default: the built-in rules)")
    p.set_defaults(func=_run)


def _read(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    from snippets.inputs import check_regular_file

    check_regular_file(Path(name), "the message file")  # /dev/zero or a FIFO would never end
    try:
        return Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise UserError(f"{name}: no such file. Give the path of a UTF-8 text file, or - for standard input.") from err
    except UnicodeDecodeError as err:
        raise UserError(f"{name}: not UTF-8 text ({err.reason} at byte {err.start}). Save it as UTF-8.") from err
    except OSError as err:
        raise UserError(f"{name}: cannot be read: {err.strerror}") from err


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _excerpt(s: str, limit: int = 80) -> str:
    s = s.replace("\n", "⏎")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def format_text(name: str, text: str, findings, lang: str, platform: str, rules) -> str:
    suggestions_zh = {r.id: r.suggestion_zh for r in rules}
    lines = []
    for f in findings:
        line, col = _line_col(text, f.start)
        lines.append(f"{name}:{line}:{col}: {f.severity} {f.rule} [{f.category}] \"{_excerpt(f.match)}\"")
        lines.append(f"    why: {f.message}")
        lines.append(f"    原因: {f.message_zh}")
        if f.suggestion:
            lines.append(f"    instead: {f.suggestion}")
            lines.append(f"    建议: {suggestions_zh[f.rule]}")
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    if findings:
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        verdict = "do not send" if counts["error"] else "review before sending"
        lines.append(f"{name}: {summary} ({verdict}); language {lang}, platform {platform}")
    else:
        lines.append(f"{name}: no findings; language {lang}, platform {platform}")
    return "\n".join(lines)


def _not_json(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:40]} is too large to be a number")
    return value


def _jsonl_items(name: str, data: str) -> list[tuple[object, str, str]]:
    items = []
    for n, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{name}, line {n}"
        try:  # strict JSON: no NaN/Infinity, no number arithmetic cannot hold, no endless nesting
            obj = json.loads(raw, parse_constant=_not_json, parse_float=_finite)
        except json.JSONDecodeError as err:
            raise UserError(f"{where}: not JSON ({err.msg}). Each line must be one JSON object.") from err
        except (ValueError, RecursionError) as err:
            raise UserError(f"{where}: not usable JSON ({str(err)[:120] or 'nested too deeply'}). Each line must "
                            "be one JSON object.") from err
        if not isinstance(obj, dict) or "id" not in obj or not isinstance(obj.get("text"), str):
            raise UserError(f'{where}: expected an object with "id" and "text" (a string), and optionally "lang"')
        lang = obj.get("lang") or "auto"
        if lang not in LANG_CHOICES:
            raise UserError(f"{where}: lang {lang!r} is not one of {', '.join(LANG_CHOICES)}")
        items.append((obj["id"], obj["text"], lang))
    return items


def _run(args) -> int:
    from snippets.messages.checker import check_message, message_language
    from snippets.messages.rules import RULES_DIR, load_rules

    rules_dir = args.rules or RULES_DIR
    rules = load_rules(rules_dir)  # an invalid rule file stops here, before any output
    if args.jsonl is not None:
        if args.file is not None:
            raise UserError("give either FILE or --jsonl, not both")
        items = _jsonl_items("standard input" if args.jsonl == "-" else args.jsonl, _read(args.jsonl))
        worst = 0
        for ident, text, lang in items:
            findings = check_message(text, lang=lang, platform=args.platform, rules_dir=rules_dir)
            worst = max(worst, int(any(f.severity == "error" for f in findings)))
            print(json.dumps({"id": ident, "findings": [f.to_dict() for f in findings]}, ensure_ascii=False))
        return worst
    name = args.file or "-"
    text = _read(name)
    findings = check_message(text, lang=args.lang, platform=args.platform, rules_dir=rules_dir)
    lang = message_language(text, args.lang)
    shown = "stdin" if name == "-" else name
    if args.format == "json":
        print(json.dumps({"file": shown, "language": lang, "platform": args.platform,
                          "findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2))
    else:
        print(format_text(shown, text, findings, lang, args.platform, rules))
    return int(any(f.severity == "error" for f in findings))
