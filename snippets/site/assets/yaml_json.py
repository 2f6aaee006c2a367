"""Shipped into the page as ``yaml.py`` (``snippets.site.inpage``); never on the command line's path.

In the page every ``snippets/data/**/*.yaml`` holds the JSON that PyYAML made of it at build time, so the
library's own loaders (``yaml.safe_load(path.read_text())``) run unchanged on the standard library alone.
"""

import json

YAMLError = ValueError  # json.JSONDecodeError is a ValueError


def safe_load(text):
    return json.loads(text)


class SafeLoader:  # the library asks for ``getattr(yaml, "CSafeLoader", yaml.SafeLoader)``; any loader reads JSON here
    pass


def load(text, Loader=None):  # noqa: N803 - PyYAML's own argument name
    return json.loads(text)
