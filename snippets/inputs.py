"""Input files a user names on the command line: regular files only, read with a bound.

A FIFO would block a read forever, ``/dev/zero`` or ``/dev/urandom`` would never end, and a directory or a
symlink loop fails in ways a seller cannot act on. Every command opens what the user names through here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from snippets.errors import UserError


def check_regular_file(path: Path, what: str = "the file") -> os.stat_result:
    """The file's stat; a UserError when it does not exist or is not a regular file (a folder, a device, a FIFO)."""
    try:
        st = os.stat(path)  # follows symlinks; a loop raises ELOOP
    except FileNotFoundError as err:
        raise UserError(f"{path}: no such file. Check the path of {what}.") from err
    except OSError as err:
        raise UserError(f"{path}: cannot open {what} ({err.strerror}).") from err
    if stat.S_ISDIR(st.st_mode):
        raise UserError(f"{path}: this is a folder; give the path of {what} inside it.")
    if not stat.S_ISREG(st.st_mode):
        raise UserError(f"{path}: not a regular file (a device, pipe or socket). Save {what} as a file and give "
                        "its path.")
    return st


def read_regular_file(path: Path, limit: int, what: str = "the file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes."""
    st = check_regular_file(path, what)
    if st.st_size > limit:
        raise UserError(f"{path}: {st.st_size:,} bytes is too large for {what} (at most {limit:,} bytes).")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as err:
        raise UserError(f"{path}: cannot read {what} ({err.strerror}).") from err
    if len(data) > limit:  # it grew while we read it
        raise UserError(f"{path}: too large for {what} (at most {limit:,} bytes).")
    return data
