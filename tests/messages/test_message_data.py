"""The detectors' word lists (snippets/data/messages/contact_forms.yaml) match contact_forms.schema.yaml, and a
broken copy is named: the file, the entry and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.errors import UserError
from snippets.markets import PLATFORMS
from snippets.messages.data import CONTACT_FORMS_FILE, contact_forms


def test_the_built_in_word_lists_match_the_schema():
    """``check`` skips the schema for the built-in file (importing jsonschema costs more than a check)."""
    data = contact_forms(CONTACT_FORMS_FILE, validate=True)
    assert set(data["marketplace_domains"]) == set(PLATFORMS)
    assert data == contact_forms()


# (text replaced, replacement, entry named, problem named)
BROKEN = [
    pytest.param("second_level: [co, com,", "second_levels: [co, com,", "the top level",
                 "'second_level' is a required property", id="renamed-key"),
    pytest.param("  walmart: ['walmart", "  wallmart: ['walmart", "marketplace_domains",
                 "'wallmart' is not one of", id="unknown-platform"),
    pytest.param('dot_glyphs: ["。",', 'dot_glyphs: ["。。",', "dot_glyphs[0]", "is too long (one character)",
                 id="two-character-glyph"),
    pytest.param("at_words: [at,", "at_words: [' ', at,", "at_words[0]", "does not match",
                 id="blank-word"),
]


@pytest.mark.parametrize(("old", "new", "entry", "problem"), BROKEN)
def test_a_broken_word_list_file_names_file_entry_and_problem(tmp_path: Path, old, new, entry, problem):
    text = CONTACT_FORMS_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "contact_forms.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UserError) as err:
        contact_forms(path)
    message = str(err.value)
    assert str(path) in message
    line = next(line for line in message.splitlines() if problem in line)
    assert line.strip().startswith(f"- {entry}"), message
