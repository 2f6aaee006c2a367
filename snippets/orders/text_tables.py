"""CSV, TSV and Amazon flat files (``.txt``) into a table of strings, with the text line of every record."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv

from snippets.errors import UserError
from snippets.orders.problems import Problem
from snippets.orders.sniffing import DELIMITER_NAMES, NotUtf8

BLOCK = 1 << 24  # bytes pyarrow reads at a time; a row must fit in one


def read_text_table(path: Path, encoding: str, delimiter: str, wanted: list[str],
                     quoted_newlines: bool) -> tuple[pa.Table, list[int], dict[int, tuple[int, str]]]:
    """The ``wanted`` columns as strings (blank -> null); also the row numbers skipped for a wrong field count,
    and for those of them that span several text lines (a quote that is never closed swallows the lines after
    it): {row: (number of lines, the row's first line)}."""
    skipped: list[int] = []
    spans: dict[int, tuple[int, str]] = {}

    def on_invalid(row) -> str:
        number = row.number if row.number is not None else 0
        skipped.append(number)
        text = row.text or ""
        if "\n" in text.rstrip("\r\n"):
            spans[number] = (text.rstrip("\r\n").count("\n") + 1, text.split("\n", 1)[0])
        return "skip"

    def read(threads: bool) -> pa.Table:
        return pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(encoding="utf8" if encoding.startswith("utf-8") else encoding,
                                          use_threads=threads, block_size=BLOCK),
            # Blank lines are kept as all-null rows so that the rows after them keep their row numbers.
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=quoted_newlines,
                                            ignore_empty_lines=False, invalid_row_handler=on_invalid),
            convert_options=pcsv.ConvertOptions(include_columns=wanted, column_types=dict.fromkeys(wanted, pa.string()),
                                                strings_can_be_null=True, quoted_strings_can_be_null=True),
        )

    try:
        table = read(threads=True)
        if skipped:  # only a single-threaded read tells the row numbers of the rows it skips
            skipped.clear()
            spans.clear()
            table = read(threads=False)
    except pa.ArrowInvalid as err:
        if encoding.startswith("utf-8") and "UTF8" in str(err):
            raise NotUtf8 from err
        if not quoted_newlines and "newlines_in_values" in str(err):  # the first quoted line break came late
            return read_text_table(path, encoding, delimiter, wanted, quoted_newlines=True)
        if "straddl" in str(err):  # one record longer than a read block
            raise UserError(f"{path}: one row is longer than {BLOCK >> 20} MB, which no order export has: a quote "
                            "that is never closed, or a damaged file. Check the file in a text editor, or export "
                            "it again.") from err
        raise UserError(f"{path}: cannot read it as {DELIMITER_NAMES[delimiter]}-separated text in {encoding}: "
                        f"{err}. Check that the whole file uses one encoding and one separator.") from err
    except UnicodeDecodeError as err:
        raise UserError(f"{path}: cannot read it as {DELIMITER_NAMES[delimiter]}-separated text in {encoding}: "
                        f"{err}. Check that the whole file uses one encoding and one separator.") from err
    return table, sorted(skipped), spans


def count_lines(path: Path, encoding: str) -> int:
    """Physical text lines in the file (a last line without a line break counts too)."""
    if encoding.startswith("utf-16"):
        text = path.read_text(encoding=encoding, errors="replace")
        return text.count("\n") + (bool(text) and not text.endswith("\n"))
    count, last = 0, b"\n"
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def swallowed_records(path: Path, encoding: str, delimiter: str, n_columns: int) -> dict[int, tuple[int, int, str]]:
    """Records whose quoted value swallowed whole text lines of other rows: a quote opened in one row and closed
    only in a later one (a value such as ``"unterminated name``). A value with line breaks that also holds as many
    separators as a row has is rows read as one value, not a product name with a line break.

    {record number (header = 1): (0, number of lines it spans, the record's text up to its first line break)}.
    Read with pyarrow, every column as text: a million rows take about a second.
    """
    import numpy as np
    import pyarrow.compute as pc

    skipped: list[int] = []

    def on_invalid(row) -> str:
        skipped.append(row.number or 0)
        return "skip"

    try:
        table = pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(encoding="utf8" if encoding.startswith("utf-8") else encoding,
                                          use_threads=False, block_size=1 << 24, autogenerate_column_names=True,
                                          skip_rows=1),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False,
                                            invalid_row_handler=on_invalid),
            convert_options=pcsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(n_columns)},
                                                strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return {}
    threshold = max(2, n_columns - 1)
    n = table.num_rows
    breaks = np.zeros(n, np.int64)
    suspicious = np.zeros(n, bool)
    for col in table.columns:
        col = pc.fill_null(col.cast(pa.string()), "")
        nl = pc.count_substring(col, "\n").to_numpy(zero_copy_only=False)
        if not nl.any():
            continue
        seps = pc.count_substring(col, delimiter).to_numpy(zero_copy_only=False)
        breaks += nl
        suspicious |= (nl > 0) & (seps >= threshold)
    if not suspicious.any():
        return {}
    # Record number of each table row: header = 1; rows skipped for a wrong field count shift the ones after.
    skipped_arr = np.array(sorted(s for s in skipped if s > 0), dtype=np.int64)
    rows = np.arange(n, dtype=np.int64) + 2
    if len(skipped_arr):
        rows = rows + np.searchsorted(skipped_arr - np.arange(len(skipped_arr)) - 2, np.arange(n), side="right")
    out = {}
    for i in np.flatnonzero(suspicious):
        text = delimiter.join(str(c[int(i)].as_py() or "") for c in table.columns)
        out[int(rows[i])] = (0, int(breaks[i]) + 1, text.split("\n", 1)[0][:200])
    return out


def _record_lines(path: Path, encoding: str, delimiter: str, rows: set[int]) -> dict[int, int]:
    """The text line on which each of ``rows`` (record numbers, header = 1) starts, where it is not the same
    number: quoted values with line breaks before it make a record span several lines."""
    last = max(rows)
    if not encoding.startswith("utf-16"):  # in the other encodings a '"' or newline byte is always that character
        with path.open("rb") as fh:
            newlines = 0
            for chunk in iter(lambda: fh.read(1 << 22), b""):
                if b'"' in chunk:
                    break
                newlines += chunk.count(b"\n")
                if newlines >= last:
                    return {}
            else:
                return {}
    out, line = {}, 1
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for record, _ in enumerate(reader, start=1):
                if record in rows and line != record:
                    out[record] = line
                if record >= last:
                    break
                line = reader.line_num + 1
        except csv.Error:  # a field longer than the csv module allows: keep what is known
            pass
    return out


def add_text_lines(problems: list[Problem], path: Path, encoding: str, delimiter: str) -> dict[int, int]:
    """Give each example its text line too (``line`` or ``lines``) where it differs from its row number."""
    rows = {r for p in problems for e in p.examples for r in e.get("rows", [e.get("row")]) if r}
    lines = _record_lines(path, encoding, delimiter, rows) if rows else {}
    for e in (e for p in problems for e in p.examples):
        if e.get("row") in lines:
            e["line"] = lines[e["row"]]
        if any(r in lines for r in e.get("rows", [])):
            e["lines"] = [lines.get(r, r) for r in e["rows"]]
    return lines
