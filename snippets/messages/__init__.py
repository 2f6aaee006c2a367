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

from snippets.messages.checker import Finding, check_message, message_language, message_languages

__all__ = ["Finding", "check_message", "message_language", "message_languages"]
