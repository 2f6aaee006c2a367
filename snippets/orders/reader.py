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

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from snippets.errors import UserError
from snippets.inputs import check_regular_file
from snippets.orders.columns import (
    categories,
    check_duplicates,
    field_specs,
    kept_columns,
    map_headers,
    used_names,
)
from snippets.orders.merge import merge_items, thread_pool
from snippets.orders.problems import EXAMPLES, Problem
from snippets.orders.sheets import formula_note, read_sheet, sheet_table
from snippets.orders.sniffing import (
    OLE2_MAGIC,
    SNIFF_BYTES,
    NotUtf8,
    detect_encoding_of_whole_file,
    sniff_text,
)
from snippets.orders.text_tables import add_text_lines, count_lines, read_text_table, swallowed_records
from snippets.orders.values import (
    blanks_to_null,
    check_tz,
    decode_codes,
    is_blank,
    parse_ratings,
    parse_timestamps,
)

MAX_REJECT_SHARE = 0.05  # more rejected rows than this and the numbers would mislead: stop


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
        return np.asarray(self.values[name] == (categories(field_specs()[name].kind) or []).index(value))

    def blank(self, name: str) -> np.ndarray:
        if name not in self.values:
            return np.ones(self.n_orders, bool)
        return is_blank(self.values[name])

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


REASONS = {
    "fields": "wrong number of fields in the row",
    "quote": "a quote (\") opened in this row is not closed on its line, so the lines after it were read into one "
             "value; each swallowed line counts as a rejected row. Remove the stray quote or close it",
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


EARLIEST = np.datetime64("2000-01-01T00:00:00", "s")  # marketplace exports hold no orders before this
PROMISE_DAYS = 366  # a ship-by or deliver-by date lies at most this far after the file was saved
SLACK = np.timedelta64(1, "D")  # time zones and date-only values: a day either way is still plausible


def implausible_values(data: dict, columns: dict[str, str], specs, path: Path) -> list[tuple[str, str, np.ndarray]]:
    """(reason, field, mask) of values that parsed but cannot be true: a date before 2000 or after the file was
    saved (a purchase, shipment or delivery cannot lie in the file's future; a ship-by or deliver-by promise
    at most a year ahead), a shipment or delivery before the purchase, control characters in an order id.
    One such value would otherwise move the as-of date and every window."""
    saved = np.datetime64(int(path.stat().st_mtime), "s")
    out = []
    for name, v in data.items():
        if specs[name].kind != "timestamp":
            continue
        promise = name.startswith("latest_")
        latest = saved + (np.timedelta64(PROMISE_DAYS, "D") if promise else SLACK)
        mask = ~np.isnat(v) & ((v < EARLIEST) | (v > latest))
        if mask.any():
            day = str(latest.astype("datetime64[D]"))
            reason = (f"date outside the plausible range 2000-01-01 to {day} "
                      + ("(a year after the file was saved)" if promise else "(a day after the file was saved)"))
            out.append((reason, name, mask))
    purchase = data["purchase_date"]
    for name in ("ship_date", "delivery_date"):
        if name in data:
            before = ~np.isnat(data[name]) & ~np.isnat(purchase) & (data[name] < purchase - SLACK)
            if before.any():
                out.append((f"{name.replace('_', ' ')} before the purchase date", name, before))
    ids = data["order_id"]
    control = np.asarray(pc.fill_null(pc.match_substring_regex(ids, r"[\x00-\x08\x0b-\x1f\x7f]"), False),
                         dtype=bool)
    if control.any():
        out.append(("order id contains control characters (NUL, escape ...)", "order_id", control))
    return out


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
        check_tz(tz)
    check_regular_file(path, "the order file")  # a FIFO or /dev/zero would hang or never end
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
        headers, sheet_columns, sheet_rows, labels = read_sheet(path)
        skipped: list[int] = []
        spans: dict[int, tuple[int, str]] = {}
        sep = ""  # a workbook has no delimiter (the OrderFile says None)
        encoding = "xls" if sample.startswith(OLE2_MAGIC) else "ods" if b"opendocument" in sample[:100] else "xlsx"
    else:
        encoding, sep, headers = sniff_text(path, sample)
        labels = None
    delimiter = None if excel else sep
    check_duplicates(headers, path, used_names(mapping or {}, keep), labels)
    columns = map_headers(headers, mapping or {}, path)
    kept = kept_columns([*keep, *(f for f in keep_if_present if f in columns)], headers, columns, path)
    columns = {f: h for f, h in columns.items() if specs[f].level == "order" or f in kept}
    extras = [h for h in kept if h not in specs]
    wanted = list(dict.fromkeys([*columns.values(), *extras]))
    if excel:
        table = sheet_table(headers, sheet_columns, wanted)
    else:
        quoted_newlines = b'"' in sample  # quoted values may hold line breaks (ERP CSV); Amazon files have none
        try:
            table, skipped, spans = read_text_table(path, encoding, sep, wanted, quoted_newlines)
        except NotUtf8:
            encoding = detect_encoding_of_whole_file(path)
            table, skipped, spans = read_text_table(path, encoding, sep, wanted, quoted_newlines)
    n = table.num_rows
    # File row of each table row: header is row 1; rows pyarrow skipped shift the ones after them.
    skipped_arr = np.array(sorted(s for s in skipped if s > 0), dtype=np.int64)
    row_no = sheet_rows if excel else np.arange(n, dtype=np.int64) + 2
    if len(skipped_arr):
        row_no = row_no + np.searchsorted(skipped_arr - np.arange(len(skipped_arr)) - 2, np.arange(n), side="right")
    notes = [note] if excel and (note := formula_note(path)) else []
    table_rows = table.num_rows  # blank lines included: every text line is counted below
    blank_rows = np.logical_and.reduce([pc.is_null(c).to_numpy(zero_copy_only=False) for c in table.columns])
    if blank_rows.any():
        notes.append(f"{int(blank_rows.sum())} blank rows skipped (no value in any column used)")
        table, row_no = table.filter(pa.array(~blank_rows)), row_no[~blank_rows]
        n = table.num_rows
    # Every text line is accounted for: a quote opened in one row and never closed (or closed rows later) makes
    # pyarrow read the lines after it as one value. Such records are rejected, and each line they swallowed
    # counts as a rejected row, so that the reject limit sees how much is lost.
    swallowed: dict[int, tuple[int, int, str]] = {}
    if not excel:
        records = 1 + table_rows + len(skipped) + sum(k - 1 for k, _ in spans.values())
        if count_lines(path, encoding) > records:
            swallowed = {r: v for r, v in swallowed_records(path, encoding, sep, len(headers)).items()
                         if r not in spans}
    extra_lines = sum(k - 1 for k, _ in spans.values()) + sum(k - 1 for _, k, _ in swallowed.values())
    rows_read = n + len(skipped) + extra_lines
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
            return col, *decode_codes(col, kind)
        if kind == "rating":
            return col, *parse_ratings(col)
        return col, blanks_to_null(col), None

    # Columns convert independently, mostly inside Arrow and numpy, which release the GIL: use every core.
    for name, (col, value, mask) in zip(columns, thread_pool().map(convert, columns), strict=True):
        raw[name], data[name] = col, value
        if mask is not None:
            bad[name] = mask
    bad = {"order_id": pc.is_null(data["order_id"]).to_numpy(zero_copy_only=False),
           "purchase_date": np.isnat(data["purchase_date"]), **bad}

    rejected = np.zeros(n, bool)
    problems: dict[str, Problem] = {}
    plain = [r for r in skipped if r not in spans]
    if plain:
        problems["fields"] = Problem(REASONS["fields"], len(plain),
                                     [{"row": int(r), "column": None, "value": None} for r in plain[:EXAMPLES]])
    if spans:  # the row's field count came out wrong because the lines after it were read into it
        problems["quote"] = Problem(REASONS["quote"], sum(k for k, _ in spans.values()),
                                    [{"row": int(r), "column": None, "value": head[:120], "lines_merged": k}
                                     for r, (k, head) in sorted(spans.items())[:EXAMPLES]])
    if swallowed:
        hit = np.isin(row_no, np.fromiter(swallowed, np.int64))
        rejected |= hit
        problems["quote_closed_late"] = Problem(
            REASONS["quote"], sum(k for _, k, _ in swallowed.values()),
            [{"row": int(r), "column": None, "value": head[:120], "lines_merged": k}
             for r, (_, k, head) in sorted(swallowed.items())[:EXAMPLES]])
    checks = [(name if name in ("order_id", "purchase_date") else specs[name].kind, name, mask)
              for name, mask in bad.items()]
    checks += implausible_values(data, columns, specs, path)
    for key, name, mask in checks:
        hits = mask & ~rejected  # a row is rejected once, for its first problem
        if not hits.any():
            continue
        reason = REASONS.get(key, key) + ("" if key == name else f" in column '{columns[name]}'")
        prob = problems.setdefault(f"{key}:{name}", Problem(reason))
        prob.count += int(hits.sum())
        for i in np.flatnonzero(hits)[:EXAMPLES]:
            prob.examples.append({"row": int(row_no[i]), "column": columns[name], "value": raw[name][int(i)].as_py()})
        rejected |= mask
    rejects = list(problems.values())
    lines = {} if excel else add_text_lines(rejects, path, encoding, sep)
    n_rejected = sum(p.count for p in rejects)
    if n_rejected > max_reject_share * rows_read:
        details = "; ".join(f"{p.reason}: {p.count} (e.g. " + ", ".join(
            f"row {e['row']}" + (f" (line {e['line']})" if "line" in e else "")
            + (f" '{e['value']}'" if e["value"] is not None else "") for e in p.examples) + ")"
            for p in rejects)
        raise UserError(f"{path}: {n_rejected} of {rows_read} rows rejected ({n_rejected / rows_read:.1%}, more than "
                        f"{max_reject_share:.0%}), so the metrics would mislead. {details}. Fix these rows, or map "
                        "the right columns with --map, and run again.")

    extra_cols = {h: blanks_to_null(table.column(h)) for h in extras}
    if rejected.any():
        accepted = ~rejected
        keep_rows = pa.array(accepted)
        data = {k: v.filter(keep_rows) if isinstance(v, pa.ChunkedArray) else v[accepted] for k, v in data.items()}
        extra_cols = {h: v.filter(keep_rows) for h, v in extra_cols.items()}
        row_no = row_no[accepted]
    merged = merge_items(data, row_no, columns, specs, extra_cols)
    if not excel:
        lines |= add_text_lines(merged["conflicts"], path, encoding, sep)
    if lines:
        notes.append("row numbers count records as a spreadsheet shows them (header = row 1); values with line "
                     "breaks make some records span several lines, so a text editor shows them on other lines: "
                     + ", ".join(f"row {r} = line {ln}" for r, ln in sorted(lines.items())[:2 * EXAMPLES]))
    if "fulfillment_channel" not in columns:
        notes.append("no fulfillment channel column: every order counted as seller-fulfilled (MFN)")
    return OrderFile(path=path, encoding=encoding, delimiter=delimiter, columns=columns, rows_read=rows_read,
                     rejects=rejects, notes=notes, **merged)
