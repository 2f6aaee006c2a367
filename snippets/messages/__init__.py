"""The buyer-message checker: what gets a seller's messages blocked or the account suspended.

Library use::

    from snippets.messages import check_message
    findings = check_message(text, lang=None, platform="amazon")   # -> list[Finding]

``lang`` is en, de, fr, es, it or ja (None: detected); ``platform`` is amazon, ebay or walmart. Each
``Finding`` has ``rule``, ``category``, ``severity`` (error|warning|info), ``start``/``end`` (code-point
offsets into the text as given), ``match``, ``message``, ``message_zh`` and ``suggestion`` (the JSON keys),
plus ``suggestion_zh``, ``title`` and ``title_zh`` for reports. ``message_languages(text, lang)`` names the
languages whose rules were run (the message's own first, then any language a sentence is clearly in).
After matching, context data (``snippets/data/messages/context.yaml``) lowers negated and mention-only
findings to info and drops product names (``snippets.messages.context``).
Command line: ``python -m snippets check`` (see ``snippets.commands.check``). Rules are data in
``snippets/data/rules/*.yaml`` (see ``snippets.messages.rules``).
"""

from typing import TYPE_CHECKING

__all__ = ["Finding", "check_message", "message_language", "message_languages"]

if TYPE_CHECKING:
    from snippets.messages.checker import Finding, check_message, message_language, message_languages


def __getattr__(name: str):
    # Imported on first use: `--help` and `check --help` read only `snippets.messages.limits` and should not
    # pay for the checker (its rules, YAML and regular expressions) to start.
    if name in __all__:
        from snippets.messages import checker

        return getattr(checker, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
