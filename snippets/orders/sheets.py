"""Workbooks (XLSX, legacy XLS, ODS, through calamine) into a table of strings."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from snippets.errors import UserError
from snippets.orders.values import blanks_to_null


def read_sheet(path: Path) -> tuple[list[str], list[tuple], np.ndarray, list[str]]:
    """First sheet of a workbook (XLSX, legacy XLS, XLSB or ODS, told by its content): the header row (the first
    row with a value), the cell values under it column by column, each row's number in the sheet, and each
    column's letters."""
    from python_calamine import CalamineWorkbook, PasswordError

    check_sheet_extent(path)
    try:
        with path.open("rb") as fh:
            cells = CalamineWorkbook.from_filelike(fh).get_sheet_by_index(0).to_python(skip_empty_area=False)
    except PasswordError as err:
        raise UserError(f"{path}: the workbook is password-protected. Remove the password in Excel (or save the "
                        "sheet as CSV UTF-8) and try again.") from err
    except Exception as err:  # calamine raises its own error types and OS errors for damaged files
        names = _zip_members(path)
        if names and not any(n.startswith("xl/") or n in ("content.xml", "[Content_Types].xml") for n in names):
            raise UserError(f"{path}: this is a zip archive, not a workbook. Unzip it and pass the order file "
                            f"inside ({', '.join(names[:5])}).") from err
        raise UserError(f"{path}: cannot open it as an Excel workbook: it starts like one but is damaged or cut "
                        f"short (calamine: {err}). Download or export it again, or open it in Excel and save it "
                        "as .xlsx or CSV UTF-8.") from err
    filled = (i for i, row in enumerate(cells) if any(v != "" for v in row))
    top = next(filled, None)
    if top is None:
        raise UserError(f"{path}: the first sheet is empty. Put the orders, with a header row, on the first sheet.")
    # Blank rows after the last order are formatting, not rows.
    bottom = next(i for i in range(len(cells) - 1, -1, -1) if any(v != "" for v in cells[i]))
    headers = [_cell_text(v) or "" for v in cells[top]]  # repeated headers: see columns.check_duplicates
    columns = list(zip(*cells[top + 1:bottom + 1], strict=True)) or [() for _ in headers]
    named = [i for i, h in enumerate(headers) if h]  # a column without a header cannot be mapped
    return ([headers[i] for i in named], [columns[i] for i in named], np.arange(top + 2, bottom + 2, dtype=np.int64),
            [column_letters(i + 1) for i in named])


MAX_CELLS = 20_000_000  # cells with a value: beyond this a workbook is no way to hand over orders (use CSV)
MAX_AREA = 2_000_000  # a used range larger than this must be mostly filled (see SPARSE)
SPARSE = 10  # a used range more than this many times the cells it holds claims more than it holds
MAX_PACKED_MEMBER = 50 << 20  # a workbook part this large unpacked ...
BOMB_RATIO = 200  # ... and packed this tightly is a zip bomb (real sheets pack 5-30 : 1)
MAX_SHEET_XML = 4 << 30  # bytes of sheet XML read at most (a zip bomb stops here)
_TAG = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)(/?)>")  # <row ...> and <c ...> (any namespace prefix)
_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]{1,7})"')
_REF_COL = re.compile(rb' r="([A-Z]{1,3})[0-9]')  # quick pass: only the references, no per-cell Python
_REF_ROW = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _found(pattern: bytes, data: bytes, group: int) -> bytes:
    """Group ``group`` of the first match; ValueError when there is none."""
    match = re.search(pattern, data)
    if match is None:
        raise ValueError("not found")
    return match.group(group)


def _first_sheet_xml(archive: zipfile.ZipFile) -> str | None:
    """The member holding the workbook's first sheet (the one calamine reads as index 0)."""
    names = set(archive.namelist())
    try:
        book = archive.read("xl/workbook.xml")[:1 << 20]
        rels = archive.read("xl/_rels/workbook.xml.rels")[:1 << 20]
        rid = _found(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", book, 1)
        rel = _found(rb"<Relationship\b[^>]*?\bId=\"" + re.escape(rid) + rb"\"[^>]*>", rels, 0)
        target = _found(rb"\bTarget=\"([^\"]+)\"", rel, 1).decode()
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if target in names:
            return target
    except (KeyError, AttributeError, zipfile.BadZipFile, OSError, ValueError):
        pass
    sheets = sorted((n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                    key=lambda n: int(re.sub(r"\D", "", n)))
    return sheets[0] if sheets else None


def _chunks(archive: zipfile.ZipFile, name: str):
    """The sheet XML in pieces that never cut an element in two; at most MAX_SHEET_XML bytes."""
    tail, read = b"", 0
    with archive.open(name) as fh:
        while chunk := fh.read(1 << 22):
            read += len(chunk)
            if read > MAX_SHEET_XML:
                raise UserError(f"{archive.filename}: the first sheet is larger than {MAX_SHEET_XML >> 30} GB "
                                "unpacked. Export the orders as CSV UTF-8 or tab-separated text instead.")
            data = tail + chunk
            cut = data.rfind(b"<")
            data, tail = (data[:cut], data[cut:]) if cut > 0 and len(data) - cut < 4096 else (data, b"")
            yield data
    if tail:
        yield tail


def _extent_fast(archive: zipfile.ZipFile, name: str) -> tuple[int, int, int, bool]:
    """(cells with a reference, largest row, largest column, every cell has a reference): an upper bound of
    the used range, from the references alone (a styled empty cell counts too)."""
    cells = rows = cols = tags = 0
    for data in _chunks(archive, name):
        letters = _REF_COL.findall(data)
        cells += len(letters)
        if letters:
            cols = max(cols, max(_column_number(x) for x in set(letters)))
            rows = max(rows, max(int(x) for x in set(_REF_ROW.findall(data))))
        tags += data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
        if cells > MAX_CELLS:
            raise UserError(f"{archive.filename}: the first sheet holds more than {MAX_CELLS:,} cells, too many to "
                            "read as a workbook. Export the orders as CSV UTF-8 or tab-separated text instead.")
    return cells, rows, cols, tags <= cells


def _extent_exact(archive: zipfile.ZipFile, name: str) -> tuple[int, int, int, str]:
    """(cells with a value, largest row, largest column, the farthest cell) as calamine places them."""
    cells, max_row, max_col, far = 0, 0, 0, ""
    row = col = 0  # where the last tag was: cells and rows without a reference follow the previous one
    for data in _chunks(archive, name):
        for m in _TAG.finditer(data):
            ref = _REF.search(m.group(2))
            if m.group(1) == b"row":
                row, col = (int(ref.group(2)) if ref else row + 1), 0
                continue
            if ref:
                row = int(ref.group(2))
                col = _column_number(ref.group(1)) if ref.group(1) else col + 1
            else:
                col += 1
            if m.group(3):  # <c .../>: styled but empty, calamine leaves it out
                continue
            cells += 1
            if row * col > max_row * max_col:
                far = f"{column_letters(col)}{row}"
            max_row, max_col = max(max_row, row), max(max_col, col)
        if cells > MAX_CELLS:
            break
    return cells, max_row, max_col, far


def check_sheet_extent(path: Path) -> None:
    """Refuse, before calamine lays the sheet out as a dense grid, an XLSX whose first sheet claims far more
    cells than it holds: one value at XFD1048576 makes a grid of 17 billion cells (hundreds of GB) out of a
    1.6 KB file. Only cells with a value count; a styled empty cell far away is harmless.

    A quick pass over the cell references bounds the used range; only a sheet whose bound is too large is
    scanned cell by cell (which tells empty cells from values, and places cells without a reference)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # legacy XLS, or damaged: calamine says what is wrong
    with archive:
        for info in archive.infolist():  # calamine unpacks shared strings and styles whole, in memory
            if info.file_size > MAX_PACKED_MEMBER and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
                raise UserError(f"{path}: the workbook part {info.filename} unpacks from {info.compress_size:,} to "
                                f"{info.file_size:,} bytes, as no real export does (a 'zip bomb' or a damaged "
                                "file). Export the orders again, as XLSX or CSV UTF-8.")
        name = _first_sheet_xml(archive)
        if name is None:
            return
        cells, max_row, max_col, all_referenced = _extent_fast(archive, name)
        area = max_row * max_col
        if all_referenced and cells <= MAX_CELLS and (area <= MAX_AREA or area <= SPARSE * max(cells, 1)):
            return
        cells, max_row, max_col, far = _extent_exact(archive, name)
    if cells > MAX_CELLS:
        raise UserError(f"{path}: the first sheet holds more than {MAX_CELLS:,} cells, too many to read as a "
                        "workbook. Export the orders as CSV UTF-8 or tab-separated text instead.")
    area = max_row * max_col
    if area > MAX_AREA and area > SPARSE * max(cells, 1):
        raise UserError(
            f"{path}: the first sheet's used range reaches {far} ({max_row:,} rows × {max_col:,} columns, "
            f"{area:,} cells) but only {cells:,} cells hold a value: something sits far outside the orders. "
            "Delete the rows below and the columns right of the orders (or copy the orders to a new sheet), "
            "save, and try again; or export as CSV UTF-8.")


_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b[^>]*>\s*[^<\s]")


def formulas_without_value(path: Path, limit: int = 5) -> tuple[int, list[str]]:
    """(how many, the first ``limit`` references) of the first sheet's formula cells that hold no stored value.
    Excel stores each formula's last result next to it; a file written by a script or an ERP library often
    stores only the formula, and every reader (this one too) then sees a blank cell. XLSX only."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0, []
    count, refs, tail = 0, list[str](), b""
    with archive:
        name = _first_sheet_xml(archive)
        if name is None:
            return 0, []
        for data in _chunks(archive, name):
            data = tail + data
            end = 0
            if _FORMULA.search(data):
                for m in _CELL.finditer(data):
                    end = m.end()
                    body = m.group(2) or b""
                    if _FORMULA.search(body) and not _VALUE.search(body):
                        count += 1
                        if len(refs) < limit:
                            ref = _REF.search(m.group(1))
                            refs.append(f"{ref.group(1).decode()}{ref.group(2).decode()}" if ref else "?")
            else:
                end = data.rfind(b"</c>") + 4 if b"</c>" in data else len(data)
            opened = data.rfind(b"<c", end)
            tail = data[opened:] if opened >= 0 and len(data) - opened < 1 << 20 else b""
    return count, refs


def formula_note(path: Path) -> str | None:
    """A note for the reader when formula cells hold no stored value (they read as blank); None otherwise."""
    count, refs = formulas_without_value(path)
    if not count:
        return None
    return (f"{count} formula cell(s) hold no stored value and were read as blank (e.g. {', '.join(refs)}): the "
            "file was written by a program that saves formulas without their results. Open it in Excel (or "
            "LibreOffice) and save it, so the values are stored, or export it as CSV UTF-8.")


def _zip_members(path: Path) -> list[str]:
    """The file names in a zip archive; [] if it is not one or is damaged."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return []


def sheet_table(headers: list[str], columns: list[tuple], wanted: list[str]) -> pa.Table:
    """The ``wanted`` columns as text: dates as ISO text, whole numbers without Excel's '.0', blank -> null."""
    return pa.table({name: blanks_to_null(pa.chunked_array([_column_text(columns[headers.index(name)])]))
                     for name in wanted})


def _column_text(cells: tuple) -> pa.Array:
    """One column's cells as text; whole columns of one type convert in Arrow, mixed ones cell by cell."""
    values = [None if v == "" else v for v in cells]
    # Only a column of one cell type: Arrow would read a number among dates as seconds since 1970.
    arr = pa.array(values) if len({type(v) for v in values} - {type(None)}) <= 1 else None
    if arr is not None and pa.types.is_floating(arr.type):
        whole = pc.and_(pc.equal(pc.round(arr), arr), pc.less(pc.abs(arr), 2.0 ** 53))
        arr = pc.cast(arr, pa.int64(), safe=False) if pc.all(whole).as_py() is not False else None
    if arr is not None and pa.types.is_timestamp(arr.type):
        arr = pc.cast(arr, pa.timestamp("s"), safe=False)  # Excel keeps milliseconds; metrics use seconds
    if arr is not None and (pa.types.is_string(arr.type) or pa.types.is_integer(arr.type) or pa.types.is_null(
            arr.type) or pa.types.is_boolean(arr.type) or pa.types.is_timestamp(arr.type) or pa.types.is_date(
            arr.type)):
        return pc.cast(arr, pa.string())
    return pa.array([_cell_text(v) for v in values], pa.string())


def _cell_text(v) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.isoformat(timespec="seconds")
    if hasattr(v, "isoformat"):  # date, time
        return v.isoformat()
    return str(v).strip() or None
