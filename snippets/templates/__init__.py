"""Reply templates for buyer messages and letters to the marketplace: load, fill, check, show on the site.

The templates are data (``snippets/data/templates/*.yaml``, described in ``model.py``); placeholders and their
formats live once in ``snippets/data/template_placeholders.yaml``, and the subject lines Amazon requires in
``snippets/data/message_subjects.yaml``.

    python -m snippets template list [--lang L] [--format table|json]
    python -m snippets template show ID --lang de --set order_id=302-1234567-1234567 ...

``show`` (``snippets/commands/template.py``) prints the filled message on standard output and the message
checker's report on standard error. Exit codes are the checker's: 0 nothing at error level, 1 a finding at
error level, 2 could not run (a value missing or in the wrong format, an unknown template).
"""

from snippets.templates.fill import FORMATS, LANGS, Format, TemplateError, clean_value, french_spaces
from snippets.templates.model import (
    IMPORTANT_RULE,
    IMPORTANT_TAG,
    KINDS,
    LANG_NAMES,
    PLACEHOLDERS_FILE,
    SUBJECTS_FILE,
    TEMPLATES_DIR,
    Placeholder,
    Subject,
    Template,
    check_filled,
    example_values,
    get_template,
    load_placeholders,
    load_subjects,
    load_templates,
)
from snippets.templates.page import GROUPS, group_markdown, groups_markdown, page_of

__all__ = [
    "FORMATS", "IMPORTANT_RULE", "IMPORTANT_TAG", "KINDS", "LANGS", "LANG_NAMES", "PLACEHOLDERS_FILE",
    "SUBJECTS_FILE", "TEMPLATES_DIR", "Format", "Placeholder", "Subject", "Template", "TemplateError",
    "check_filled", "clean_value", "example_values", "french_spaces", "get_template", "load_placeholders",
    "load_subjects", "load_templates", "GROUPS", "group_markdown", "groups_markdown", "page_of",
]
