"""Workbooks (XLSX, legacy XLS, ODS, through calamine) into a table of strings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from snippets.errors import UserError
from snippets.orders.values import blanks_to_null


def read_sheet(path: Path) -> tuple[list[str], list[tuple], np.ndarray]:
    """First sheet of a workbook (XLSX, legacy XLS, XLSB or ODS, told by its content): the header row (the first
    row with a value), the cell values under it column by column, and each row's number in the sheet."""
    from python_calamine import CalamineWorkbook, PasswordError

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
    headers: list[str] = []
    seen: dict[str, int] = {}
    for v in cells[top]:
        name = _cell_text(v) or ""
        seen[name] = seen.get(name, -1) + 1
        headers.append(f"{name}.{seen[name]}" if seen[name] and name else name)  # as pandas names repeats
    columns = list(zip(*cells[top + 1:bottom + 1], strict=True)) or [() for _ in headers]
    named = [i for i, h in enumerate(headers) if h]  # a column without a header cannot be mapped
    return [headers[i] for i in named], [columns[i] for i in named], np.arange(top + 2, bottom + 2, dtype=np.int64)


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
