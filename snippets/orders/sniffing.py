"""Bytes to text: detect a text export's encoding and delimiter, and tell workbooks from text."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from snippets.errors import UserError

SNIFF_BYTES = 1 << 16
DELIMITERS = ("\t", ",", ";", "|")
DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}
# Encodings considered when a file is not UTF-8 and has no BOM: Chinese Excel and Amazon Japan. Big5 is left
# out on purpose: a few GBK characters often look like Big5 to a detector, and Big5 exports are rare here.
LEGACY_ENCODINGS = ("gb18030", "cp932")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
def detect_encoding(sample: bytes, path: Path) -> str:
    """The encoding of a text file from its first bytes; a binary file is a UserError."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in sample:
        raise UserError(f"{path}: this is not a text table (it contains binary data). Export the orders as CSV, "
                        "tab-separated text or XLSX; for Excel 'Unicode text' keep the byte-order mark.")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise UserError(f"{path}: cannot tell the text encoding (not UTF-8, GB18030 or Shift-JIS). Save the file "
                        "as UTF-8 (Excel: 'CSV UTF-8').")
    return {"cp936": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "shift_jis": "cp932"}.get(
        best.encoding, best.encoding)


def detect_delimiter(lines: list[str]) -> str | None:
    """The delimiter that splits the header into the most columns, the same way on most of the next lines."""
    best, best_n = None, 1
    for delim in DELIMITERS:
        rows = list(csv.reader(io.StringIO("\n".join(lines[:50])), delimiter=delim))
        n = len(rows[0]) if rows else 0
        body = [r for r in rows[1:] if r]
        consistent = not body or sum(len(r) == n for r in body) >= 0.8 * len(body)
        if n > best_n and consistent:
            best, best_n = delim, n
    return best


ONE_COLUMN = "\x1f"  # the "delimiter" of a table with one column: the unit separator, which no export holds


def sniff_text(path: Path, sample: bytes, one_column: bool = False) -> tuple[str, str, list[str]]:
    """(encoding, delimiter, headers) of a text table, from its first bytes. A table with one column is an
    error unless ``one_column`` (an order export has many; a list of e-mail addresses or stores has one)."""
    encoding = detect_encoding(sample, path)
    text = sample.decode(encoding, errors="ignore")
    lines = [ln for ln in text.splitlines()[:-1] or text.splitlines() if ln.strip()]
    if not lines:
        raise UserError(f"{path}: the file is empty. Export the orders again; it needs a header row and order rows.")
    delimiter = detect_delimiter(lines)
    if delimiter is None and one_column and not any(d in lines[0] for d in DELIMITERS):
        delimiter = ONE_COLUMN
    if delimiter is None and (quote := unclosed_quote(text)) is not None:
        line, name = quote
        raise UserError(
            f"{path}: line {line} opens a quote (\") that is not closed, so every line after it reads as one value "
            f"and the {name}-separated columns cannot be told. Close the quote or delete it on line {line} (a "
            "quote inside a value must be doubled: \"\"), or export the file again.")
    if delimiter is None:
        raise UserError(
            f"{path}: found only one column (header: '{lines[0][:120]}'). The file must be tab-, comma-, "
            "semicolon- or pipe-separated; save it again as CSV or tab-separated text.")
    headers = [h.lstrip("\ufeff") for h in next(csv.reader([lines[0]], delimiter=delimiter))]
    return encoding, delimiter, headers


def unclosed_quote(text: str, max_lines: int = 50) -> tuple[int, str] | None:
    """(line number, delimiter name) where a quoted value opens and never closes within the first lines of a
    text table that would split into columns without it; None when that is not what is wrong."""
    lines = text.splitlines()
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may cut the last line
    lines = lines[:max_lines]
    for delim in DELIMITERS:
        plain = [r for r in csv.reader(lines, delimiter=delim, quoting=csv.QUOTE_NONE) if r]
        if not plain or len(plain[0]) < 2:
            continue
        reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delim)
        start = 1
        for record in reader:  # the record that runs to the end, over several lines or short of fields
            if reader.line_num >= len(lines) and (reader.line_num > start or len(record) != len(plain[0])):
                return start, DELIMITER_NAMES[delim]
            start = reader.line_num + 1
    return None


class NotUtf8(Exception):
    """The first 64 KiB were UTF-8 but later bytes are not: detect again where the file stops being UTF-8."""


def detect_encoding_of_whole_file(path: Path) -> str:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        window = data[max(0, err.start - SNIFF_BYTES // 2):err.start + SNIFF_BYTES // 2]
        return detect_encoding(window[window.find(b"\n") + 1:], path)
    return "utf-8"
