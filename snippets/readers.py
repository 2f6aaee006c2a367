"""Read the order exports sellers really have into one row per order.

CSV, TSV (Amazon flat files ``.txt``, one row per item) in UTF-8 (with or without BOM), GB18030/GBK, UTF-16
with BOM or Shift-JIS; or the first sheet of a workbook (XLSX, legacy XLS, ODS; read with calamine). Headers
are matched through ``snippets/data/column_aliases.yaml`` (plus ``--map HEADER=field``), cell values are
normalised (Merchant/自发货 -> MFN, 是/否 -> true/false ...), item rows are merged into orders, and every row is
accounted for: read, merged into an order, or rejected with a reason.

Row numbers in messages count records, as a spreadsheet (Excel, WPS) shows them, header = row 1: that is how
sellers open these files, and it matches XLSX sheet rows. A quoted value with line breaks makes one record span
several text lines; then the examples also give the line a text editor shows (``line``/``lines``) and a note
says so.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import yaml

from snippets.errors import UserError

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "column_aliases.yaml"
MAX_REJECT_SHARE = 0.05  # more rejected rows than this and the numbers would mislead: stop
EXAMPLES = 3  # examples shown per reject reason or conflict
SNIFF_BYTES = 1 << 16
DELIMITERS = ("\t", ",", ";", "|")
DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}
# Encodings considered when a file is not UTF-8 and has no BOM: Chinese Excel and Amazon Japan. Big5 is left
# out on purpose: a few GBK characters often look like Big5 to a detector, and Big5 exports are rare here.
LEGACY_ENCODINGS = ("gb18030", "cp932")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls
# An offset after a time of day ("...08:00:00+08:00", "...08:00Z"); "2026-10-01" has none.
OFFSET_RE = r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:[zZ]|[+-]\d\d(?::?\d\d)?)$"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    level: str
    required: bool
    aliases: tuple[str, ...]


@dataclass
class Problem:
    """Rows rejected for one reason, or orders whose item rows disagree on one field.

    ``examples``: for rejects ``{"row", "column", "value"}``, for conflicts ``{"order_id", "rows", "values"}``;
    in a text file whose quoted values hold line breaks, also ``line``/``lines`` where they differ from the row.
    """

    reason: str
    count: int = 0
    examples: list[dict] = field(default_factory=list)


@dataclass
class OrderFile:
    """One row per order, as numpy/Arrow arrays (fast); ``orders`` and ``items`` give pandas views.

    Order-level fields in ``values``: timestamps as UTC ``datetime64[s]`` (NaT = blank), ratings as float
    (NaN = blank), coded fields (channel, status, ...) as int8 codes into ``categories(kind)`` (-1 = blank),
    text as Arrow strings (null = blank).
    """

    path: Path
    encoding: str
    delimiter: str | None
    columns: dict[str, str]  # canonical field -> header in the file
    rows_read: int
    rejects: list[Problem]
    conflicts: list[Problem]
    notes: list[str]
    order_ids: pa.Array
    first_row: np.ndarray  # file row of each order's first item row
    values: dict[str, np.ndarray | pa.Array]
    item_order: np.ndarray  # for each accepted item row: its order's index
    item_values: dict[str, pa.Array]  # item-level columns that were asked for (e.g. sku for a breakdown)

    @property
    def rows_rejected(self) -> int:
        return sum(p.count for p in self.rejects)

    @property
    def n_orders(self) -> int:
        return len(self.order_ids)

    def equals(self, name: str, value: str) -> np.ndarray:
        """Orders whose coded field ``name`` has canonical ``value`` (all False when the file lacks it)."""
        if name not in self.values:
            return np.zeros(self.n_orders, bool)
        return self.values[name] == categories(field_specs()[name].kind).index(value)

    def blank(self, name: str) -> np.ndarray:
        if name not in self.values:
            return np.ones(self.n_orders, bool)
        return _blank(self.values[name])

    @cached_property
    def orders(self) -> pd.DataFrame:
        out = {"order_id": self.order_ids.to_pandas(), "first_row": self.first_row}
        for name, v in self.values.items():
            cats = categories(field_specs()[name].kind)
            if cats:
                out[name] = pd.Categorical.from_codes(v, cats)
            elif isinstance(v, pa.Array | pa.ChunkedArray):
                out[name] = v.to_pandas()
            else:
                out[name] = v
        return pd.DataFrame(out)

    @cached_property
    def items(self) -> pd.DataFrame:
        out = pd.DataFrame({"order": self.item_order})
        for name, v in self.item_values.items():
            out[name] = v.to_pandas()
        return out


@cache
def _aliases() -> tuple[dict[str, FieldSpec], dict[str, dict[str, str]], dict[str, list[str]]]:
    raw = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))
    fields = {
        name: FieldSpec(name, spec["kind"], spec["level"], bool(spec.get("required")),
                        tuple(str(a).strip().lower() for a in spec["aliases"]))
        for name, spec in raw["fields"].items()
    }
    values = {kind: {str(v).strip().lower(): canon for canon, vs in table.items() for v in vs}
              for kind, table in raw["values"].items()}
    categories = {kind: [str(c) for c in table] for kind, table in raw["values"].items()}
    return fields, values, categories


def field_specs() -> dict[str, FieldSpec]:
    return _aliases()[0]


def categories(kind: str) -> list[str] | None:
    """Canonical values of a coded kind (channel, status, canceller, bool, claim); None for other kinds."""
    return _aliases()[2].get(kind)


def parse_mapping(items: list[str] | None) -> dict[str, str]:
    """``--map "HEADER=field"`` options -> {header (lower case): field}."""
    fields = field_specs()
    out = {}
    for item in items or []:
        header, sep, name = item.rpartition("=")
        if not sep or not header.strip() or name.strip() not in fields:
            raise UserError(f"--map '{item}': expected HEADER=FIELD with FIELD one of: {', '.join(fields)}")
        out[header.strip().lower()] = name.strip()
    return out


# ---------------------------------------------------------------- bytes -> text


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


# ---------------------------------------------------------------- headers


def map_headers(headers: list[str], mapping: dict[str, str], path: Path) -> dict[str, str]:
    """canonical field -> header; a missing required field is a UserError naming the closest header."""
    fields = field_specs()
    found: dict[str, str] = {}
    by_lower = {h.strip().lower(): h for h in headers}
    for header_lower, name in mapping.items():
        if header_lower not in by_lower:
            raise UserError(f"--map '{header_lower}={name}': no such header in {path.name}. "
                            f"Headers found: {', '.join(headers)}")
        found[name] = by_lower[header_lower]
    for spec in fields.values():
        if spec.name in found:
            continue
        hit = next((by_lower[a] for a in spec.aliases if a in by_lower and by_lower[a] not in found.values()), None)
        if hit is not None:
            found[spec.name] = hit
    for spec in fields.values():
        if spec.required and spec.name not in found:
            # The header most like any accepted name of the field.
            scores = [(max(difflib.SequenceMatcher(None, a, h).ratio() for a in spec.aliases), h) for h in by_lower]
            closest = by_lower[max(scores)[1]] if scores else ""
            raise UserError(
                f"{path}: required column '{spec.name}' not found. Headers found: {', '.join(headers)}. "
                f"Closest match: '{closest}'. Accepted names: {', '.join(spec.aliases)}. "
                f"If '{closest}' is it, add --map \"{closest}={spec.name}\".")
    return found


# ---------------------------------------------------------------- file -> table of strings


def _sniff_text(path: Path, sample: bytes) -> tuple[str, str, list[str]]:
    """(encoding, delimiter, headers) of a text table, from its first bytes."""
    encoding = detect_encoding(sample, path)
    text = sample.decode(encoding, errors="ignore")
    lines = [ln for ln in text.splitlines()[:-1] or text.splitlines() if ln.strip()]
    if not lines:
        raise UserError(f"{path}: the file is empty. Export the orders again; it needs a header row and order rows.")
    delimiter = detect_delimiter(lines)
    if delimiter is None:
        raise UserError(
            f"{path}: found only one column (header: '{lines[0][:120]}'). The file must be tab-, comma-, "
            "semicolon- or pipe-separated; save it again as CSV or tab-separated text.")
    headers = [h.lstrip("\ufeff") for h in next(csv.reader([lines[0]], delimiter=delimiter))]
    return encoding, delimiter, headers


def _read_text_table(path: Path, encoding: str, delimiter: str, wanted: list[str],
                     quoted_newlines: bool) -> tuple[pa.Table, list[int]]:
    """The ``wanted`` columns as strings (blank -> null); also the row numbers skipped for a wrong field count."""
    skipped: list[int] = []

    def on_invalid(row) -> str:
        skipped.append(row.number if row.number is not None else 0)
        return "skip"

    def read(threads: bool) -> pa.Table:
        return pcsv.read_csv(
            path,
            read_options=pcsv.ReadOptions(encoding="utf8" if encoding.startswith("utf-8") else encoding,
                                          use_threads=threads, block_size=1 << 24),
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
            table = read(threads=False)
    except pa.ArrowInvalid as err:
        if encoding.startswith("utf-8") and "UTF8" in str(err):
            raise _NotUtf8 from err
        if not quoted_newlines and "newlines_in_values" in str(err):  # the first quoted line break came late
            return _read_text_table(path, encoding, delimiter, wanted, quoted_newlines=True)
        raise UserError(f"{path}: cannot read it as {DELIMITER_NAMES[delimiter]}-separated text in {encoding}: "
                        f"{err}. Check that the whole file uses one encoding and one separator.") from err
    except UnicodeDecodeError as err:
        raise UserError(f"{path}: cannot read it as {DELIMITER_NAMES[delimiter]}-separated text in {encoding}: "
                        f"{err}. Check that the whole file uses one encoding and one separator.") from err
    return table, sorted(skipped)


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


def _add_lines(problems: list[Problem], path: Path, encoding: str, delimiter: str) -> dict[int, int]:
    """Give each example its text line too (``line`` or ``lines``) where it differs from its row number."""
    rows = {r for p in problems for e in p.examples for r in e.get("rows", [e.get("row")]) if r}
    lines = _record_lines(path, encoding, delimiter, rows) if rows else {}
    for e in (e for p in problems for e in p.examples):
        if e.get("row") in lines:
            e["line"] = lines[e["row"]]
        if any(r in lines for r in e.get("rows", [])):
            e["lines"] = [lines.get(r, r) for r in e["rows"]]
    return lines


class _NotUtf8(Exception):
    """The first 64 KiB were UTF-8 but later bytes are not: detect again where the file stops being UTF-8."""


def _detect_after_first_bytes(path: Path) -> str:
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        window = data[max(0, err.start - SNIFF_BYTES // 2):err.start + SNIFF_BYTES // 2]
        return detect_encoding(window[window.find(b"\n") + 1:], path)
    return "utf-8"


def _read_sheet(path: Path) -> tuple[list[str], list[tuple], np.ndarray]:
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
    headers, seen = [], {}
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


def _sheet_table(headers: list[str], columns: list[tuple], wanted: list[str]) -> pa.Table:
    """The ``wanted`` columns as text: dates as ISO text, whole numbers without Excel's '.0', blank -> null."""
    return pa.table({name: _clean(pa.chunked_array([_column_text(columns[headers.index(name)])]))
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


# ---------------------------------------------------------------- values


def _clean(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trimmed text; blank -> null."""
    col = pc.utf8_trim_whitespace(col)
    blank = pc.equal(pc.utf8_length(col), 0)  # much faster than comparing with ""
    return pc.if_else(blank, pa.scalar(None, pa.string()), col) if pc.any(blank).as_py() else col


def _decode_dictionary(col: pa.ChunkedArray, convert) -> tuple[np.ndarray, np.ndarray]:
    """Apply ``convert`` (text -> value, None for blank, NotImplemented for unknown) to each distinct value
    only: export columns hold a handful of distinct values in a million rows."""
    enc = pc.dictionary_encode(col).combine_chunks() if col.num_chunks != 1 else pc.dictionary_encode(col.chunk(0))
    converted = [convert(str(v).strip()) if str(v).strip() else None for v in enc.dictionary.to_pylist()]
    unknown_of = np.array([c is NotImplemented for c in converted] + [False], bool)
    idx = pc.fill_null(enc.indices, len(converted)).to_numpy(zero_copy_only=False)
    return idx, unknown_of[idx], converted


def _lookup(col: pa.ChunkedArray, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes into categories(kind) (-1 = blank or unknown) and a mask of unknown values."""
    table, cats = _aliases()[1][kind], categories(kind)

    def convert(text: str):
        canon = table.get(text.lower())
        return NotImplemented if canon is None else cats.index(canon)

    idx, unknown, converted = _decode_dictionary(col, convert)
    codes = np.array([c if isinstance(c, int) else -1 for c in converted] + [-1], np.int8)
    return codes[idx], unknown


def _rating(col: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    def convert(text: str):
        try:
            value = float(text)
        except ValueError:
            return NotImplemented
        return value if 1 <= value <= 5 else NotImplemented

    idx, unknown, converted = _decode_dictionary(col, convert)
    values = np.array([c if isinstance(c, float) else np.nan for c in converted] + [np.nan], float)
    return values[idx], unknown


def parse_timestamps(col: pa.ChunkedArray, tz: str | None, excel: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """UTC datetime64[s] (NaT where blank or bad) and a mask of non-blank values that did not parse.

    ISO 8601 with or without offset, ``YYYY/MM/DD HH:MM:SS``, ``YYYY-MM-DD``; Excel serial days in XLSX.
    A value without offset is in ``tz`` (UTC when None).
    """
    null = pc.is_null(col).to_numpy(zero_copy_only=False)
    zone = tz or "UTC"
    # Fast paths (Amazon flat files): the whole column in one offset-aware or one naive ISO form.
    try:
        out = pc.cast(col, pa.timestamp("s", tz="UTC"))
        return out.to_numpy().astype("datetime64[s]"), np.zeros(len(col), bool)
    except pa.ArrowInvalid:
        pass
    try:
        naive = pc.cast(col, pa.timestamp("s")).to_numpy().astype("datetime64[s]")
        if zone == "UTC":
            return naive, np.zeros(len(col), bool)
        local = pd.DatetimeIndex(naive).tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
        values = local.tz_convert("UTC").tz_localize(None).to_numpy().astype("datetime64[s]")
        return values, np.isnat(values) & ~null
    except pa.ArrowInvalid:
        pass
    col = _clean(col)  # slow path: spaces around values, blank-looking cells
    null = pc.is_null(col).to_numpy(zero_copy_only=False)
    text = pd.Series(col.to_numpy(zero_copy_only=False), dtype=object).str.replace("/", "-", regex=False)
    if text.str.contains("年", regex=False, na=False).any():  # 2026年10月31日 14:05, as some ERPs write it
        text = text.str.replace(r"(\d{4})年(\d{1,2})月(\d{1,2})日", r"\1-\2-\3", regex=True)
    has_offset = text.str.contains(OFFSET_RE, regex=True, na=False).to_numpy()
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    if has_offset.any():
        aware = pd.to_datetime(text[has_offset], format="ISO8601", utc=True, errors="coerce")
        out[has_offset] = aware.dt.tz_localize(None).to_numpy().astype("datetime64[s]")
    rest = ~has_offset & ~null
    if rest.any():
        naive = pd.to_datetime(text[rest], format="ISO8601", errors="coerce")
        if excel:  # a date typed as a number in Excel arrives as its serial day count
            serial = pd.to_numeric(text[rest], errors="coerce")
            use = naive.isna() & serial.between(1, 2_958_465)
            naive[use] = EXCEL_EPOCH + pd.to_timedelta(serial[use], unit="D")
        local = pd.DatetimeIndex(naive).tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
        out[rest] = local.tz_convert("UTC").tz_localize(None).to_numpy().astype("datetime64[s]")
    return out, np.isnat(out) & ~null


# ---------------------------------------------------------------- rows -> orders


REASONS = {
    "fields": "wrong number of fields in the row",
    "order_id": "order id missing",
    "purchase_date": "purchase date missing or not a date (expected e.g. 2026-10-31T14:05:00+08:00, "
                     "2026/10/31 14:05:00 or 2026-10-31)",
    "timestamp": "not a date or time (expected e.g. 2026-10-31T14:05:00+08:00, 2026/10/31 14:05:00 or 2026-10-31)",
    "channel": "unknown fulfillment channel (expected Merchant/MFN/自发货 or Amazon/AFN/FBA)",
    "status": "unknown order status",
    "canceller": "unknown canceller (expected seller, buyer or system)",
    "bool": "not a yes/no value (expected true/false, yes/no, 是/否)",
    "rating": "feedback rating is not a number from 1 to 5",
    "claim": "unknown A-to-z claim state (expected none, open, granted, denied, withdrawn)",
}


def read_orders(path: str | Path, *, tz: str | None = None, mapping: dict[str, str] | None = None,
                keep: list[str] | tuple[str, ...] = (), keep_if_present: tuple[str, ...] = (),
                max_reject_share: float = MAX_REJECT_SHARE) -> OrderFile:
    """Read an order export and merge its item rows into orders. See the module docstring.

    ``keep``: item-level columns to keep (canonical names such as sku or carrier, or any header), e.g. for a
    breakdown; other item-level columns are not read, which keeps large files fast. ``keep_if_present``:
    canonical item-level fields to keep when the file has them.
    """
    path = Path(path)
    if tz:
        _check_tz(tz)
    try:
        with path.open("rb") as fh:
            sample = fh.read(SNIFF_BYTES)
    except OSError as err:
        raise UserError(f"{path}: cannot open the file ({err.strerror}).") from err
    if not sample.strip():
        raise UserError(f"{path}: the file is empty. Export the orders again; it needs a header row and order rows.")
    # Workbooks: XLSX, XLSB and ODS are zip files; legacy XLS is an OLE2 compound file.
    excel = sample.startswith((b"PK\x03\x04", OLE2_MAGIC))
    specs = field_specs()
    if excel:
        headers, sheet_columns, sheet_rows = _read_sheet(path)
        skipped, delimiter = [], None
        encoding = "xls" if sample.startswith(OLE2_MAGIC) else "ods" if b"opendocument" in sample[:100] else "xlsx"
    else:
        encoding, delimiter, headers = _sniff_text(path, sample)
    columns = map_headers(headers, mapping or {}, path)
    kept = _kept_columns([*keep, *(f for f in keep_if_present if f in columns)], headers, columns, path)
    columns = {f: h for f, h in columns.items() if specs[f].level == "order" or f in kept}
    extras = [h for h in kept if h not in specs]
    wanted = list(dict.fromkeys([*columns.values(), *extras]))
    if excel:
        table = _sheet_table(headers, sheet_columns, wanted)
    else:
        quoted_newlines = b'"' in sample  # quoted values may hold line breaks (ERP CSV); Amazon files have none
        try:
            table, skipped = _read_text_table(path, encoding, delimiter, wanted, quoted_newlines)
        except _NotUtf8:
            encoding = _detect_after_first_bytes(path)
            table, skipped = _read_text_table(path, encoding, delimiter, wanted, quoted_newlines)
    n = table.num_rows
    # File row of each table row: header is row 1; rows pyarrow skipped shift the ones after them.
    skipped_arr = np.array(sorted(s for s in skipped if s > 0), dtype=np.int64)
    row_no = sheet_rows if excel else np.arange(n, dtype=np.int64) + 2
    if len(skipped_arr):
        row_no = row_no + np.searchsorted(skipped_arr - np.arange(len(skipped_arr)) - 2, np.arange(n), side="right")
    notes = []
    blank_rows = np.logical_and.reduce([pc.is_null(c).to_numpy(zero_copy_only=False) for c in table.columns])
    if blank_rows.any():
        notes.append(f"{int(blank_rows.sum())} blank rows skipped (no value in any column used)")
        table, row_no = table.filter(pa.array(~blank_rows)), row_no[~blank_rows]
        n = table.num_rows
    rows_read = n + len(skipped)
    if rows_read == 0:
        raise UserError(f"{path}: the file has a header row but no order rows.")

    data: dict[str, np.ndarray | pa.ChunkedArray] = {}
    bad: dict[str, np.ndarray] = {}
    raw: dict[str, pa.ChunkedArray] = {}
    def convert(name: str):
        col, kind = table.column(columns[name]), specs[name].kind
        if kind == "timestamp":
            return col, *parse_timestamps(col, tz, excel)
        if categories(kind):
            return col, *_lookup(col, kind)
        if kind == "rating":
            return col, *_rating(col)
        return col, _clean(col), None

    # Columns convert independently, mostly inside Arrow and numpy, which release the GIL: use every core.
    for name, (col, value, mask) in zip(columns, _pool().map(convert, columns), strict=True):
        raw[name], data[name] = col, value
        if mask is not None:
            bad[name] = mask
    bad = {"order_id": pc.is_null(data["order_id"]).to_numpy(zero_copy_only=False),
           "purchase_date": np.isnat(data["purchase_date"]), **bad}

    rejected = np.zeros(n, bool)
    problems: dict[str, Problem] = {}
    if skipped:
        problems["fields"] = Problem(REASONS["fields"], len(skipped),
                                     [{"row": int(r), "column": None, "value": None} for r in skipped[:EXAMPLES]])
    for name, mask in bad.items():
        hits = mask & ~rejected  # a row is rejected once, for its first problem
        if not hits.any():
            continue
        key = name if name in ("order_id", "purchase_date") else specs[name].kind
        reason = REASONS[key] + ("" if key == name else f" in column '{columns[name]}'")
        prob = problems.setdefault(f"{key}:{name}", Problem(reason))
        prob.count += int(hits.sum())
        for i in np.flatnonzero(hits)[:EXAMPLES]:
            prob.examples.append({"row": int(row_no[i]), "column": columns[name], "value": raw[name][int(i)].as_py()})
        rejected |= mask
    rejects = list(problems.values())
    lines = {} if excel else _add_lines(rejects, path, encoding, delimiter)
    n_rejected = sum(p.count for p in rejects)
    if n_rejected > max_reject_share * rows_read:
        details = "; ".join(f"{p.reason}: {p.count} (e.g. " + ", ".join(
            f"row {e['row']}" + (f" (line {e['line']})" if "line" in e else "")
            + (f" '{e['value']}'" if e["value"] is not None else "") for e in p.examples) + ")"
            for p in rejects)
        raise UserError(f"{path}: {n_rejected} of {rows_read} rows rejected ({n_rejected / rows_read:.1%}, more than "
                        f"{max_reject_share:.0%}), so the metrics would mislead. {details}. Fix these rows, or map "
                        "the right columns with --map, and run again.")

    extra_cols = {h: _clean(table.column(h)) for h in extras}
    if rejected.any():
        accepted = ~rejected
        keep_rows = pa.array(accepted)
        data = {k: v.filter(keep_rows) if isinstance(v, pa.ChunkedArray) else v[accepted] for k, v in data.items()}
        extra_cols = {h: v.filter(keep_rows) for h, v in extra_cols.items()}
        row_no = row_no[accepted]
    merged = _merge_items(data, row_no, columns, specs, extra_cols)
    if not excel:
        lines |= _add_lines(merged["conflicts"], path, encoding, delimiter)
    if lines:
        notes.append("row numbers count records as a spreadsheet shows them (header = row 1); values with line "
                     "breaks make some records span several lines, so a text editor shows them on other lines: "
                     + ", ".join(f"row {r} = line {ln}" for r, ln in sorted(lines.items())[:2 * EXAMPLES]))
    if "fulfillment_channel" not in columns:
        notes.append("no fulfillment channel column: every order counted as seller-fulfilled (MFN)")
    return OrderFile(path=path, encoding=encoding, delimiter=delimiter, columns=columns, rows_read=rows_read,
                     rejects=rejects, notes=notes, **merged)


def _kept_columns(keep, headers: list[str], columns: dict[str, str], path: Path) -> list[str]:
    """Canonical fields and other headers named in ``keep``."""
    by_lower, out = {h.strip().lower(): h for h in headers}, []
    for name in keep:
        low = name.strip().lower()
        field_name = low if low in field_specs() else _field_of(low)
        if field_name and field_name in columns:
            out.append(field_name)
        elif low in by_lower:
            header = by_lower[low]
            out.append(next((f for f, h in columns.items() if h == header), header))
        else:
            raise UserError(f"--by {name}: no such column in {path.name}. Headers found: {', '.join(headers)}")
    return out


def _field_of(alias: str) -> str | None:
    return next((spec.name for spec in field_specs().values() if alias in spec.aliases), None)


def resolve_column(of: OrderFile, name: str) -> str:
    """The column of ``of.items`` or ``of.orders`` that ``name`` (field, alias or header) refers to."""
    low = name.strip().lower()
    field_name = low if low in field_specs() else _field_of(low)
    if field_name and field_name in of.columns:
        return field_name
    for key in [*of.item_values, *of.columns]:
        if key.strip().lower() == low or of.columns.get(key, "").strip().lower() == low:
            return key
    raise UserError(f"--by {name}: no such column in {of.path.name}. Columns read: {', '.join(of.columns.values())}")


def _check_tz(tz: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise UserError(f"--tz '{tz}': unknown time zone. Use an IANA name such as Asia/Shanghai or "
                        "America/Los_Angeles.") from err


def _merge_items(data: dict[str, np.ndarray | pa.ChunkedArray], row_no: np.ndarray, columns: dict[str, str],
                 specs: dict[str, FieldSpec], extras: dict[str, pa.ChunkedArray]) -> dict:
    """One row per order (the first non-blank value of each order-level field); conflicts between item rows."""
    ids = data["order_id"].combine_chunks()
    # Amazon files keep an order's item rows together: then each run of one id is an order, if no id
    # comes back in a later run. Otherwise number the ids by first appearance and group their rows.
    run_start = np.flatnonzero(np.r_[True, pc.not_equal(ids.slice(1), ids.slice(0, len(ids) - 1))
                                     .to_numpy(zero_copy_only=False)]) if len(ids) else np.zeros(0, np.int64)
    uniques = ids.take(pa.array(run_start))
    if uniques.to_pandas().is_unique:
        order = None
        codes = np.repeat(np.arange(len(run_start)), np.diff(np.r_[run_start, len(ids)]))
    else:
        codes, labels = pd.factorize(ids.to_pandas())
        uniques = pa.array(labels.to_numpy(), pa.string())
        order = np.argsort(codes, kind="stable")
    sorted_codes = codes if order is None else codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    sizes = np.diff(np.r_[starts, len(codes)])
    rows_sorted = row_no if order is None else row_no[order]

    def arrange(v):
        if isinstance(v, pa.ChunkedArray):
            v = v.combine_chunks()
            return v if order is None else v.take(pa.array(order))
        return v if order is None else v[order]

    # Only orders with several item rows can have a blank first row or a conflict: look at their rows alone.
    rows_m = np.flatnonzero(np.repeat(sizes > 1, sizes))
    group_m = sorted_codes[rows_m]
    def merge(name: str):
        v = arrange(data[name])
        arrow = isinstance(v, pa.Array)
        first = starts
        if len(rows_m):
            sub = v.take(pa.array(rows_m)) if arrow else v[rows_m]
            filled = ~_blank(sub)
            rows_f, group_f, sub_f = rows_m[filled], group_m[filled], (sub.filter(pa.array(filled)) if arrow
                                                                          else sub[filled])
            # The first non-blank row of each multi-row order.
            lead = np.flatnonzero(np.r_[True, group_f[1:] != group_f[:-1]]) if len(group_f) else group_f
            first = starts.copy()
            first[group_f[lead]] = rows_f[lead]
        value = v.take(pa.array(first)) if arrow else v[first]
        if not len(rows_m) or not len(group_f):
            return value, None
        if arrow:
            differs = pc.not_equal(sub_f, value.take(pa.array(group_f)))
            differs = pc.fill_null(differs, False).to_numpy(zero_copy_only=False)
        else:
            differs = sub_f != value[group_f]
        if not differs.any():
            return value, None
        bad_orders = np.unique(group_f[differs])
        prob = Problem(f"item rows of one order disagree on '{columns[name]}'; the first non-blank value is used",
                       len(bad_orders))
        for code in bad_orders[:EXAMPLES]:
            rows = np.arange(starts[code], starts[code] + sizes[code])
            prob.examples.append({"order_id": uniques[int(code)].as_py(), "rows": [int(r) for r in rows_sorted[rows]],
                                  "values": [_display(v, int(r), name) for r in rows]})
        return value, prob

    names = [n for n in data if n != "order_id" and specs[n].level == "order"]
    values, conflicts = {}, []
    for name, (value, prob) in zip(names, _pool().map(merge, names), strict=True):
        values[name] = value
        if prob:
            conflicts.append(prob)
    item_values = {name: arrange(data[name]) for name in data if specs[name].level == "item"}
    item_values.update({h: arrange(col) for h, col in extras.items()})
    return {"order_ids": uniques, "first_row": rows_sorted[starts], "values": values, "conflicts": conflicts,
            "item_order": sorted_codes, "item_values": item_values}


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1))


def _blank(v: np.ndarray | pa.Array) -> np.ndarray:
    if isinstance(v, pa.Array):
        return pc.is_null(v).to_numpy(zero_copy_only=False)
    return {"M": np.isnat, "f": np.isnan}.get(v.dtype.kind, lambda a: a == -1)(v)


def _display(v, i: int, name: str):
    """A cell value as the user would recognise it, for conflict examples."""
    if isinstance(v, pa.Array):
        return v[i].as_py()
    x = v[i]
    if v.dtype.kind == "M":
        return None if np.isnat(x) else str(x)
    if v.dtype.kind == "f":
        return None if np.isnan(x) else float(x)
    cats = categories(field_specs()[name].kind)
    return cats[x] if cats and x >= 0 else None
