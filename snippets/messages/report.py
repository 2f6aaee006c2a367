"""The text report of ``check`` (and of ``template show``): one block per finding, then a verdict line.

Everything that comes from the message or a file name is shown through ``printable``: control characters
and terminal escape sequences from data are never written raw to a terminal.
"""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL, C1 controls (U+009B is a one-character CSI), and the bidirectional
# overrides that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(s: str) -> str:
    """``s`` with every control character shown as an escape (``\\x1b``, ``\\u202e``): safe on a terminal."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", s)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _excerpt(s: str, limit: int = 80) -> str:
    s = printable(s.replace("\n", "⏎"))
    return s if len(s) <= limit else s[: limit - 1] + "…"


def format_text(name: str, text: str, findings, lang: str, platform: str, rules=None) -> str:
    """The report for one message. ``rules`` is accepted for older callers and not needed: each finding
    carries its own Chinese suggestion."""
    name = printable(name)
    lines = []
    for f in findings:
        line, col = _line_col(text, f.start)
        lines.append(f"{name}:{line}:{col}: {f.severity} {f.rule} [{f.category}] \"{_excerpt(f.match)}\"")
        lines.append(f"    why: {f.message}")
        lines.append(f"    原因: {f.message_zh}")
        if f.suggestion:
            lines.append(f"    instead: {f.suggestion}")
            lines.append(f"    建议: {f.suggestion_zh}")
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    if findings:
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
        verdict = "do not send" if counts["error"] else "review before sending"
        lines.append(f"{name}: {summary} ({verdict}); language {lang}, platform {platform}")
    else:
        lines.append(f"{name}: no findings; language {lang}, platform {platform}")
    return "\n".join(lines)
