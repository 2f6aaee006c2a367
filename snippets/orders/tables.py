"""Other exports (claims and returns, messages, user rosters) read with the order-file machinery: the same
encoding and delimiter sniffing, the same CSV/TSV/workbook readers, and header aliases from the ``exports``
section of ``snippets/data/column_aliases.yaml`` matched the way order headers are (case and surrounding
spaces ignored)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from snippets.datafiles import load_yaml
from snippets.errors import UserError
from snippets.orders.columns import ALIASES_FILE, check_duplicates
from snippets.orders.sheets import formulas_without_value, read_sheet, sheet_table
from snippets.orders.sniffing import ONE_COLUMN, NotUtf8, detect_encoding_of_whole_file, sniff_text
from snippets.orders.text_tables import read_text_table

SNIFF_BYTES = 1 << 16
WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def read_table(path: str | Path) -> pd.DataFrame:
    """Every column of a CSV, TSV, flat file or workbook as text (blank -> None), with the file's own headers.
    ``df.attrs["rows"]`` holds the file row number of each row (header = 1)."""
    from snippets.inputs import check_regular_file

    path = Path(path)
    check_regular_file(path)  # a folder, a FIFO or /dev/zero: say which, never "no such file" or a hang
    with path.open("rb") as fh:
        sample = fh.read(SNIFF_BYTES)
    if not sample.strip():
        raise UserError(f"{path}: the file is empty; it needs a header row and data rows.")
    formulas: tuple[int, list[str]] = (0, [])
    if sample.startswith(WORKBOOK_MAGIC):
        headers, columns, rows, labels = read_sheet(path)
        check_duplicates(headers, path, {h.strip().lower() for h in headers}, labels)
        table = sheet_table(headers, columns, list(dict.fromkeys(headers)))
        row_no = list(rows)
        formulas = formulas_without_value(path)
    else:
        encoding, delimiter, headers = sniff_text(path, sample, one_column=True)
        check_duplicates(headers, path, {h.strip().lower() for h in headers})
        wanted = list(dict.fromkeys(h for h in headers if h))
        try:
            table, skipped, _ = read_text_table(path, encoding, delimiter, wanted, b'"' in sample)
        except NotUtf8:
            table, skipped, _ = read_text_table(path, detect_encoding_of_whole_file(path), delimiter, wanted, True)
        if skipped:
            raise UserError(f"{path}: rows {', '.join(map(str, skipped[:5]))} have a different number of fields "
                            f"than the header.{_quote_hint(path, encoding, skipped[0])} Export the file again.")
        row_no = list(range(2, table.num_rows + 2))
        if b'"' in sample and delimiter != ONE_COLUMN and table.num_rows:
            _check_last_record(path, table, delimiter, row_no[-1])
    df = table.to_pandas().astype(object).where(lambda d: d.notna(), None)
    keep = df.notna().any(axis=1).to_numpy()
    df = df[keep].reset_index(drop=True)
    df.attrs["rows"] = [r for r, k in zip(row_no, keep, strict=True) if k]
    df.attrs["formulas"] = formulas  # (count, first references) of formula cells read as blank: see RowAccount
    return df


def _check_last_record(path: Path, table, delimiter: str, row: int) -> None:
    """A quote never closed swallows every line after it into the last record's value, silently: the file
    reads as fewer rows. A value of the last record holding line breaks and as many separators as a row has
    is that (a message with a line break and a comma or two is not)."""
    values = [str(v) for v in table.slice(table.num_rows - 1).to_pylist()[0].values() if v is not None]
    for value in values:
        lines = value.split("\n")
        if len(lines) > 1 and sum(line.count(delimiter) >= max(2, table.num_columns - 1) for line in lines[1:]):
            raise UserError(f"{path}: row {row} opens a quote (\") that is not closed before the end of the file, so the {len(lines) - 1} "
                            f"line(s) after it were read into one value ({value[:80]!r}). Close the quote or delete "
                            "it (a quote inside a value must be doubled: \"\"), and export the file again.")


def _quote_hint(path: Path, encoding: str, row: int) -> str:
    """' Line N opens a quote ...' when that line holds an odd number of quotes (one never closed), else ''."""
    import itertools

    try:
        with path.open(encoding=encoding, errors="replace", newline="") as fh:
            line = next(itertools.islice(fh, row - 1, None), "")
    except (OSError, LookupError):
        return ""
    if line.count('"') % 2 == 0:
        return ""
    return (f" Line {row} opens a quote (\") that is not closed, so the lines after it read as one value: close "
            "the quote or delete it (a quote inside a value must be doubled: \"\").")


@cache
def export_fields(kind: str) -> dict[str, dict]:
    raw = load_yaml(ALIASES_FILE, "column_aliases")
    exports = raw.get("exports", {})
    if kind not in exports:
        raise UserError(f"{ALIASES_FILE}: no export kind '{kind}' (known: {', '.join(exports)})")
    return exports[kind]


def read_export(path: str | Path, kind: str, what: str) -> pd.DataFrame:
    """An export of ``kind`` (cases, messages, roster) with its columns renamed to the canonical fields;
    a missing required field is a UserError naming the headers found. ``what`` names the export for messages."""
    path = Path(path)
    df = read_table(path)
    fields = export_fields(kind)
    by_lower = {str(h).strip().lower(): h for h in df.columns}
    rename, missing = {}, []
    for name, spec in fields.items():
        hit = next((by_lower[str(a).strip().lower()] for a in spec["aliases"]
                    if str(a).strip().lower() in by_lower and by_lower[str(a).strip().lower()] not in rename), None)
        if hit is not None:
            rename[hit] = name
        elif spec.get("required"):
            missing.append(name)
    if missing:
        raise UserError(f"{path}: this does not look like {what}: no column for {', '.join(missing)} "
                        f"(accepted headers: {'; '.join(', '.join(map(str, fields[m]['aliases'][:4])) for m in missing)}). "
                        f"Headers found: {', '.join(map(str, df.columns))[:300]}")
    out = df[list(rename)].rename(columns=rename)
    for name in fields:
        if name not in out:
            out[name] = None
    out.attrs["rows"] = df.attrs["rows"]
    out.attrs["formulas"] = df.attrs["formulas"]
    return out


def parse_times(values: pd.Series, path: Path, column: str, tz: str | None = None, required: bool = True) -> pd.Series:
    """Text to UTC timestamps; an unreadable date in a required column is a UserError with its row, and so is a
    date that cannot be true (before 2000, or more than a day after both today and the time the file was saved):
    one such date would move the as-of day and every deadline counted from it."""
    from snippets.orders.values import EARLIEST_DAY, check_tz

    if tz:
        check_tz(tz)
    try:
        parsed = pd.to_datetime(values, errors="coerce", utc=True, format="mixed")
    except (OverflowError, ValueError):  # pandas raises on e.g. 9999-12-31T23:59-12:00 even with "coerce"
        parsed = pd.Series([_one_time(v) for v in values], index=values.index, dtype="datetime64[ns, UTC]")
    if tz:
        naive = ~values.astype(str).str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True, na=False)
        try:
            local = pd.to_datetime(values[naive], errors="coerce", format="mixed")
        except (OverflowError, ValueError):
            local = pd.Series([_one_time(v, utc=False) for v in values[naive]], index=values[naive].index,
                              dtype="datetime64[ns]")
        if len(local):
            parsed[naive] = local.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
    bad = parsed.isna() & values.notna()
    if required:
        bad |= values.isna()
    rows = values.attrs.get("rows") or []
    if bad.any():
        first = int(bad.to_numpy().nonzero()[0][0])
        where = f"row {rows[first]}" if rows else f"data row {first + 1}"
        raise UserError(f"{path}: {int(bad.sum())} value(s) in '{column}' are not dates, e.g. {where}. "
                        "Use ISO dates such as 2026-11-30 or 2026-11-30T14:05:00+00:00.")
    try:  # sample-data --end in the future dates its files after their last row, as a real export would be
        saved = pd.Timestamp(Path(path).stat().st_mtime, unit="s", tz="UTC")
    except (OSError, ValueError, OverflowError):
        saved = pd.Timestamp.now(tz="UTC")
    latest = max(saved, pd.Timestamp.now(tz="UTC")) + pd.Timedelta(days=1)
    implausible = parsed.notna() & ((parsed < EARLIEST_DAY) | (parsed > latest))
    if implausible.any():
        first = int(implausible.to_numpy().nonzero()[0][0])
        where = f"row {rows[first]}" if rows else f"data row {first + 1}"
        raise UserError(f"{path}: {int(implausible.sum())} date(s) in '{column}' cannot be true (before "
                        f"{EARLIEST_DAY.date()} or after {latest.date()}), e.g. "
                        f"{where}: {str(values.iloc[first])[:40]!r}. Correct them in the export, or delete those rows.")
    return parsed


def _one_time(value, utc: bool = True) -> pd.Timestamp:
    """One value the way ``parse_times`` reads it, NaT when it cannot be a pandas timestamp."""
    try:
        return pd.to_datetime(value, utc=utc)
    except (OverflowError, ValueError, TypeError):
        return pd.NaT


@dataclass
class RowAccount:
    """What ``drop_duplicate_rows`` did, so that every data row of the file is accounted for: ``rows`` read =
    rows kept + ``dropped`` (exact copies of an earlier row) + ``replaced`` (rows of an id that a later row of
    the same id, with other values, superseded). ``conflicts``: (id, file rows of that id, the row kept)."""

    rows: int = 0
    dropped: int = 0
    replaced: int = 0
    conflicts: list[tuple[str, list[int], int]] = field(default_factory=list)
    formulas: tuple[int, list[str]] = (0, [])  # workbook formula cells read as blank (sheets.formulas_without_value)

    def figures(self) -> dict[str, int]:
        return {"rows_read": self.rows, "duplicate_rows_dropped": self.dropped,
                "conflicting_rows_replaced": self.replaced}

    def lines(self, lang: str = "en", limit: int = 10) -> list[str]:
        """What to tell the reader (nothing when every row was distinct)."""
        out = []
        if self.formulas[0]:
            n, refs = self.formulas[0], ", ".join(self.formulas[1])
            out.append(f"{n} 个公式单元格没有保存计算结果，读作空白（例如 {refs}）：请用 Excel 打开文件并保存一次，让结果"
                       "存进文件，或导出为 CSV UTF-8。" if lang == "zh" else
                       f"{n} formula cell(s) hold no stored value and were read as blank (e.g. {refs}). Open the "
                       "file in Excel and save it so the values are stored, or export it as CSV UTF-8.")
        if self.dropped:
            out.append(f"{self.dropped} 行与前面某行完全相同，已去重（只计一次）。" if lang == "zh" else
                       f"{self.dropped} duplicate rows dropped (exact copies of an earlier row, counted once).")
        if self.conflicts:
            out.append(f"{len(self.conflicts)} 个编号出现在多行且内容不同：每个编号只保留日期最新的一行"
                       "（日期相同取文件中靠后的一行），请核对：" if lang == "zh" else
                       f"{len(self.conflicts)} ids are on several rows with different values: the row with the "
                       "latest date was kept (same date: the later row in the file). Check them:")
            for key, rows, kept in self.conflicts[:limit]:
                out.append(f"  {key}: 第 {'、'.join(map(str, rows))} 行，保留第 {kept} 行" if lang == "zh" else
                           f"  {key}: rows {', '.join(map(str, rows))}; kept row {kept}")
            if len(self.conflicts) > limit:
                more = len(self.conflicts) - limit
                out.append(f"  另有 {more} 个。" if lang == "zh" else f"  and {more} more.")
        return out


def drop_duplicate_rows(raw: pd.DataFrame, key: pd.Series | None = None,
                        when: pd.Series | None = None) -> tuple[np.ndarray, RowAccount]:
    """Which rows of an export to keep (a boolean array over ``raw``'s rows) and the account of the others.
    An exact copy of an earlier row is dropped; rows that share a ``key`` (a case id) but differ keep the one
    with the latest ``when`` (ties: the later row in the file, as exports append updates) and are listed.
    A blank key never groups rows. ``raw.attrs["rows"]`` gives the file row numbers."""
    n = len(raw)
    file_rows = list(raw.attrs.get("rows") or range(2, n + 2))
    keep = ~raw.reset_index(drop=True).astype(object).duplicated(keep="first").to_numpy()
    report = RowAccount(rows=n, dropped=int((~keep).sum()), formulas=raw.attrs.get("formulas", (0, [])))
    if key is None or n == 0:
        return keep, report
    keys = key.reset_index(drop=True).astype(object)
    candidates = pd.DataFrame({"key": keys, "when": (when.reset_index(drop=True) if when is not None
                                                      else pd.Series(pd.NaT, index=range(n))),
                               "pos": np.arange(n)})
    candidates = candidates[keep & keys.notna().to_numpy() & (keys.astype(str).str.strip() != "").to_numpy()]
    shared = candidates[candidates["key"].duplicated(keep=False)]
    if shared.empty:
        return keep, report
    ordered = shared.assign(_t=shared["when"].notna()).sort_values(["_t", "when", "pos"], kind="stable")
    for value, group in ordered.groupby("key", sort=False):
        kept = int(group["pos"].iloc[-1])
        positions = sorted(int(p) for p in group["pos"])
        keep[[p for p in positions if p != kept]] = False
        report.conflicts.append((str(value), [file_rows[p] for p in positions], file_rows[kept]))
    report.conflicts.sort(key=lambda c: c[1][0])
    report.replaced = sum(len(rows) - 1 for _, rows, _ in report.conflicts)
    return keep, report
