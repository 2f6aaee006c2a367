"""The detectors' word lists (``snippets/data/messages/contact_forms.yaml``), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from snippets.datafiles import load_yaml

CONTACT_FORMS_FILE = Path(__file__).resolve().parent.parent / "data" / "messages" / "contact_forms.yaml"


@cache
def contact_forms(path: Path = CONTACT_FORMS_FILE, validate: bool | None = None) -> dict:
    """The word lists of ``path``. ``validate`` (default: for any file but the built-in one) checks the file
    against contact_forms.schema.yaml; that costs about 0.1 s (importing jsonschema), so the built-in file is
    validated by the tests (tests/messages/test_message_data.py), not by every ``check``."""
    data = load_yaml(path, "contact_forms", validate=path != CONTACT_FORMS_FILE if validate is None else validate)
    for key in ("number_words", "number_kana"):
        data[key] = {str(k): [str(w) for w in v] for k, v in data[key].items()}
    return data
