"""``python -m snippets check``: check buyer messages before they are sent.

    python -m snippets check [FILE|-] [--lang auto|en|de|fr|es|it|ja] [--platform amazon|ebay|walmart]
                             [--format text|json]
    python -m snippets check --jsonl FILE|-     # {"id", "text", "lang"?} per line in; {"id", "findings"} out

Exit codes: 0 nothing at error level; 1 a finding at error level; 2 could not run (bad arguments,
unreadable input, input over the size limit, an invalid rule file).

Input: UTF-8 (a byte-order mark is allowed), the same way from a file and from standard input; only regular
files and pipes are read, and never more than the limits below. JSONL records are separated by "\\n" only:
U+2028, U+0085 and other line separators inside a JSON string are text.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path

from snippets.errors import UserError
from snippets.messages.limits import MAX_MESSAGE_CHARS

LANG_CHOICES = ("auto", "en", "de", "fr", "es", "it", "ja")
# A --jsonl file holds many messages: at most this many bytes in all, and MAX_MESSAGE_CHARS per message.
MAX_JSONL_BYTES = 64 * 1024 * 1024
_MAX_LINE_BYTES = MAX_MESSAGE_CHARS * 4 + 4096  # the longest line a message within the limit can need
# JSON escapes C0 controls itself; C1 controls (U+0080-U+009F) it leaves raw, and U+009B starts a terminal
# escape sequence. Escaped, the output is the same JSON value and safe to print.
_C1 = re.compile("[\x7f-\x9f]")


def register(sub) -> None:
    p = sub.add_parser(
        "check", help="check a buyer message for what gets messages blocked or accounts suspended",
        description="Check a buyer message (a file, or - for standard input) against the message rules. "
                    "Exit codes: 0 nothing at error level, 1 a finding at error level, 2 could not run. "
                    f"A message may be at most {MAX_MESSAGE_CHARS:,} characters.")
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


def _read_bytes(name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file or of standard input (a pipe or a file); more is an error."""
    if name == "-":
        # The bytes, decoded below exactly as a file's are (not the locale's text layer); a stand-in stdin
        # without bytes (a test's StringIO) is read as text and encoded back.
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            return sys.stdin.read(limit + 1).encode("utf-8", "surrogateescape")
        shown = "standard input"
    else:
        shown = name
        try:
            mode = os.stat(name).st_mode
        except FileNotFoundError as err:
            raise UserError(f"{name}: no such file. Give the path of a UTF-8 text file, or - for standard input.") from err
        except OSError as err:
            raise UserError(f"{name}: cannot be read: {err.strerror}") from err
        if stat.S_ISDIR(mode):
            raise UserError(f"{name}: is a folder. Give the path of a UTF-8 text file.")
        if not stat.S_ISREG(mode):
            raise UserError(f"{name}: not a regular file (a device, a FIFO or a socket). Give a text file, "
                            "or - and pipe the text in.")
        try:
            stream = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as err:
            raise UserError(f"{name}: cannot be read: {err.strerror}") from err
    try:
        data = stream.read(limit + 1)
    except OSError as err:
        raise UserError(f"{shown}: cannot be read: {err.strerror}") from err
    finally:
        if name != "-":
            stream.close()
    if len(data) > limit:
        raise UserError(f"{shown}: more than {limit:,} bytes. The checker reads one buyer message (at most "
                        f"{MAX_MESSAGE_CHARS:,} characters) or, with --jsonl, at most {MAX_JSONL_BYTES:,} bytes; "
                        "split the input.")
    return data


def _decode(name: str, data: bytes) -> str:
    shown = "standard input" if name == "-" else name
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UserError(f"{shown}: not UTF-8 text ({err.reason} at byte {err.start}). Save it as UTF-8.") from err


def _read(name: str, limit: int = MAX_MESSAGE_CHARS * 4) -> str:
    return _decode(name, _read_bytes(name, limit))


def _check_length(where: str, text: str) -> None:
    if len(text) > MAX_MESSAGE_CHARS:
        raise UserError(f"{where}: the message is {len(text):,} characters; the checker reads at most "
                        f"{MAX_MESSAGE_CHARS:,} (a buyer message is a few thousand at most). Split it or "
                        "check the part you will send.")


def _not_json(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:40]} is too large to be a number")
    return value


def _jsonl_items(name: str, data: str) -> list[tuple[object, str, str]]:
    items = []
    # Records end at "\n" only: str.splitlines() would also split at U+2028, U+0085, \x1c... which JSON
    # allows raw inside a string.
    for n, raw in enumerate(data.split("\n"), 1):
        raw = raw.removesuffix("\r")
        if not raw.strip():
            continue
        where = f"{name}, line {n}"
        if len(raw) > _MAX_LINE_BYTES:
            raise UserError(f"{where}: a line of {len(raw):,} characters; one message may be at most "
                            f"{MAX_MESSAGE_CHARS:,} characters")
        try:
            obj = json.loads(raw, parse_constant=_not_json, parse_float=_finite)  # our JSON output stays strict
        except (ValueError, RecursionError) as err:  # JSONDecodeError, NaN, 1e999, a 5,000-digit number, nesting
            msg = err.msg if isinstance(err, json.JSONDecodeError) else str(err)[:80] or "nested too deeply"
            raise UserError(f"{where}: not JSON ({msg}). Each line must be one JSON object.") from err
        if not isinstance(obj, dict) or "id" not in obj or not isinstance(obj.get("text"), str):
            raise UserError(f'{where}: expected an object with "id" and "text" (a string), and optionally "lang"')
        lang = obj.get("lang") or "auto"
        if lang not in LANG_CHOICES:
            raise UserError(f"{where}: lang {str(lang)[:20]!r} is not one of {', '.join(LANG_CHOICES)}")
        _check_length(where, obj["text"])
        items.append((obj["id"], obj["text"], lang))
    return items


def _json(doc, **kw) -> str:
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(doc, ensure_ascii=False, **kw))


def _run(args) -> int:
    from snippets.messages.checker import check_message, message_languages
    from snippets.messages.report import format_text
    from snippets.messages.rules import RULES_DIR, load_rules

    rules_dir = args.rules or RULES_DIR
    load_rules(rules_dir)  # an invalid rule file stops here, before any output
    if args.jsonl is not None:
        if args.file is not None:
            raise UserError("give either FILE or --jsonl, not both")
        items = _jsonl_items("standard input" if args.jsonl == "-" else args.jsonl,
                             _read(args.jsonl, MAX_JSONL_BYTES))
        worst = 0
        for ident, text, lang in items:
            findings = check_message(text, lang=lang, platform=args.platform, rules_dir=rules_dir)
            worst = max(worst, int(any(f.severity == "error" for f in findings)))
            try:
                print(_json({"id": ident, "findings": [f.to_dict() for f in findings]}))
            except ValueError as err:  # an id JSON reads but cannot write back (a huge integer)
                raise UserError(f"message {str(ident)[:40]!r}: its id cannot be written as JSON: {err}") from err
        return worst
    name = args.file or "-"
    text = _read(name)
    shown = "stdin" if name == "-" else name
    _check_length(shown, text)
    findings = check_message(text, lang=args.lang, platform=args.platform, rules_dir=rules_dir)
    langs = message_languages(text, args.lang)
    if args.format == "json":
        print(_json({"file": shown, "language": langs[0], "platform": args.platform,
                     "findings": [f.to_dict() for f in findings]}, indent=2))
    else:
        lang = langs[0] + (f" (sentences in {', '.join(langs[1:])} checked with those rules too)"
                           if len(langs) > 1 else "")
        print(format_text(shown, text, findings, lang, args.platform))
    return int(any(f.severity == "error" for f in findings))
