"""Files and folders a command writes: never over the input, never over an existing file unless asked."""

from __future__ import annotations

import os
from pathlib import Path

from snippets.errors import UserError


def check_output_file(path: Path, force: bool = False, inputs: list[Path] | tuple[Path, ...] = (),
                      option: str = "--output") -> None:
    """Before any work: the folder exists, ``path`` is not a folder, not one of ``inputs`` (not even with
    --force: that would destroy the data the output is made from), and not an existing file unless ``force``."""
    parent = path.resolve().parent
    if not parent.exists():
        raise UserError(f"{option} {path}: the folder {path.parent} does not exist. Create it first.")
    if not parent.is_dir():
        raise UserError(f"{option} {path}: {path.parent} is a file, not a folder.")
    if path.is_dir():
        raise UserError(f"{option} {path}: this is a folder; give a file name inside it.")
    for source in inputs:
        try:
            same = path.exists() and Path(source).exists() and os.path.samefile(path, source)
        except OSError:
            same = False
        if same or path.resolve() == Path(source).resolve():
            raise UserError(f"{option} {path}: this is the input file {source}; writing there would destroy it. "
                            "Choose another output name.")
    if path.exists() and not force:
        raise UserError(f"{option} {path}: the file already exists. Choose another name, or add --force to "
                        "overwrite it.")


# Characters a terminal acts on instead of showing: C0 controls (but tab and line break), DEL, C1 controls
# (\x9b is a one-byte escape sequence on some terminals), and the bidi controls that reorder what follows
# (U+202A..U+202E, U+2066..U+2069; "Trojan Source"). Values from a user's file are shown escaped instead.
_UNSAFE = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]}
_UNSAFE.update({c: f"\\u{c:04x}" for c in [*range(0x202a, 0x202f), *range(0x2066, 0x206a)]})


def for_terminal(text: str) -> str:
    """``text`` with every character a terminal would act on written as an escape (``\\x1b``, ``\\u202e``)."""
    return text.translate(_UNSAFE)
