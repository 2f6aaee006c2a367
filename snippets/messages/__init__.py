"""The buyer-message checker: what gets a seller's messages blocked or the account suspended.

Library use::

    from snippets.messages import check_message
    findings = check_message(text, lang=None, platform="amazon")   # -> list[Finding]

``lang`` is en, de, fr, es, it or ja (None: detected); ``platform`` is amazon, ebay or walmart. Each
``Finding`` has ``rule``, ``category``, ``severity`` (error|warning|info), ``start``/``end`` (code-point
offsets into the text as given), ``match``, ``message``, ``message_zh`` and ``suggestion``.
Command line: ``python -m snippets check`` (see ``snippets.commands.check``). Rules are data in
``snippets/data/rules/*.yaml`` (see ``snippets.messages.rules``).
"""

from snippets.messages.checker import Finding, check_message, message_language, message_languages

__all__ = ["Finding", "check_message", "message_language", "message_languages"]
