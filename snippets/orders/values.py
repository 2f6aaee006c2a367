"""Cell values: blanks, coded values (Merchant/自发货 -> MFN), ratings and timestamps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from snippets.errors import UserError
from snippets.orders.columns import alias_tables, categories

# An offset after a time of day ("...08:00:00+08:00", "...08:00Z"); "2026-10-01" has none.
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
OFFSET_RE = r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:[zZ]|[+-]\d\d(?::?\d\d)?)$"


def blanks_to_null(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """Trimmed text; blank -> null."""
    col = pc.utf8_trim_whitespace(col)
    blank = pc.equal(pc.utf8_length(col), 0)  # much faster than comparing with ""
    return pc.if_else(blank, pa.scalar(None, pa.string()), col) if pc.any(blank).as_py() else col


def _decode_dictionary(col: pa.ChunkedArray, convert) -> tuple[np.ndarray, np.ndarray, list]:
    """Apply ``convert`` (text -> value, None for blank, NotImplemented for unknown) to each distinct value
    only: export columns hold a handful of distinct values in a million rows."""
    enc = pc.dictionary_encode(col).combine_chunks() if col.num_chunks != 1 else pc.dictionary_encode(col.chunk(0))
    converted = [convert(str(v).strip()) if str(v).strip() else None for v in enc.dictionary.to_pylist()]
    unknown_of = np.array([c is NotImplemented for c in converted] + [False], bool)
    idx = pc.fill_null(enc.indices, len(converted)).to_numpy(zero_copy_only=False)
    return idx, unknown_of[idx], converted


def decode_codes(col: pa.ChunkedArray, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes into categories(kind) (-1 = blank or unknown) and a mask of unknown values."""
    table, cats = alias_tables()[1][kind], categories(kind) or []

    def convert(text: str):
        canon = table.get(text.lower())
        return NotImplemented if canon is None else cats.index(canon)

    idx, unknown, converted = _decode_dictionary(col, convert)
    codes = np.array([c if isinstance(c, int) else -1 for c in converted] + [-1], np.int8)
    return codes[idx], unknown


def parse_ratings(col: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
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
    col = blanks_to_null(col)  # slow path: spaces around values, blank-looking cells
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


def check_tz(tz: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise UserError(f"--tz '{tz}': unknown time zone. Use an IANA name such as Asia/Shanghai or "
                        "America/Los_Angeles.") from err


EARLIEST_DAY = pd.Timestamp("2000-01-01", tz="UTC")  # no marketplace export or report date lies before this
DAY_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def as_of_day(value: object, what: str = "as_of") -> pd.Timestamp | None:
    """An as-of day given as ``YYYY-MM-DD`` (text, ``date`` or ``Timestamp``) as a UTC Timestamp at 00:00, or
    None when not given. A malformed day, an impossible one (2026-02-30) or one outside 2000-01-01 .. tomorrow
    is a UserError: such a day moves every deadline and window and would flip the verdict without a word."""
    import datetime as dt
    import re

    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        text = "" if pd.isna(value) else value.strftime("%Y-%m-%d")
    elif isinstance(value, dt.date):
        text = value.isoformat()[:10]
    else:
        text = str(value).strip()
    hint = "Give a day as YYYY-MM-DD, e.g. 2026-10-31, or leave it out."
    if not re.fullmatch(DAY_RE, text):
        raise UserError(f"{what} {str(value)[:40]!r}: not a day. {hint}")
    try:
        day = pd.Timestamp(dt.date.fromisoformat(text), tz="UTC")
    except (ValueError, OverflowError) as err:
        raise UserError(f"{what} {text}: no such day ({err}). {hint}") from None
    latest = pd.Timestamp.now(tz="UTC").normalize() + pd.Timedelta(days=1)
    if not EARLIEST_DAY <= day <= latest:
        raise UserError(f"{what} {text}: outside the plausible range {EARLIEST_DAY.date()} to {latest.date()} "
                        f"(tomorrow). {hint}")
    return day


def is_blank(v: np.ndarray | pa.Array) -> np.ndarray:
    if isinstance(v, pa.Array):
        return pc.is_null(v).to_numpy(zero_copy_only=False)
    return {"M": np.isnat, "f": np.isnan}.get(v.dtype.kind, lambda a: a == -1)(v)
