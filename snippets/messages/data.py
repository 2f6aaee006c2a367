"""The detectors' word lists (``snippets/data/messages/contact_forms.yaml``), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from snippets.errors import UserError

CONTACT_FORMS_FILE = Path(__file__).resolve().parent.parent / "data" / "messages" / "contact_forms.yaml"
_KEYS = {"tlds", "second_level", "marketplace_domains", "shorteners", "at_words", "dot_words", "dot_glyphs",
         "number_words", "phone_context", "identifier_context", "confusables", "mail_providers", "number_kana"}


@cache
def contact_forms() -> dict:
    path = CONTACT_FORMS_FILE
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as err:
        raise UserError(f"{path}: cannot read the checker's contact word lists: {err}") from err
    if not isinstance(data, dict) or set(data) != _KEYS:
        found = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise UserError(f"{path}: expected exactly the keys {sorted(_KEYS)}, found {found}")
    for key in ("number_words", "number_kana"):
        data[key] = {str(k): [str(w) for w in v] for k, v in data[key].items()}
    return data
