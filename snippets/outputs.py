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
