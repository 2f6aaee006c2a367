"""Find buyer personal data (names, addresses, phone numbers, e-mail addresses) kept in a folder of exports
(CSV, TSV, tab-separated .txt, XLSX) past the retention limit (``api_pii_retention`` in deadlines.yaml: the
Amazon Data Protection Policy's 30 days after delivery).

What it reports: per file and column, the kind of data and how many rows hold it, and how many of those rows
are past the limit. It never returns or prints a value from the files. Scope, honestly: it looks at column
headers and at the shape of values (e-mail and phone patterns); it does not read PDFs, images, databases or
mailboxes, and it cannot tell whether a law (tax records, for example) requires you to keep a file longer.
The DPP binds developers using Amazon's APIs; for reports downloaded by hand it is the reference the handbook
uses, not a rule Amazon has been seen to enforce."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from snippets.errors import UserError
from snippets.facts import load_deadlines
from snippets.orders.tables import read_table
from snippets.orders.values import as_of_day

SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xls", ".xlsm"}
MAX_FILES = 2000
MAX_FILE_BYTES = 1 << 30  # a file larger than this is listed as not checked
MAX_ENTRIES = 200_000  # files and folders looked at: a bigger tree is not a folder of exports
KINDS = {  # header patterns (headers are matched case-insensitively, hyphens and underscores as spaces)
    "email": re.compile(r"e ?mail|邮箱|电子邮件", re.I),
    "phone": re.compile(r"phone|mobile|tel\b|telephone|电话|手机", re.I),
    "address": re.compile(r"address|street|addr\b|postal|zip|post ?code|city|地址|邮编|街道", re.I),
    "name": re.compile(r"(buyer|recipient|customer|ship|bill|收件人|买家|客户).*(name|姓名)|^name$|^姓名$|收件人|recipient", re.I),
}
VALUE_PATTERNS = {
    "email": re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"),
    "phone": re.compile(r"^\+?[\d\s().-]{7,20}$"),
}
DATE_COLUMNS = [  # the event the retention counts from, best first
    ("delivery", re.compile(r"deliver|送达|签收", re.I)),
    ("order", re.compile(r"purchase|order ?date|下单|订单日期|付款时间", re.I)),
]
LABELS = {
    "zh": {"file": "文件", "column": "列", "kind": "类型", "rows": "含数据行数", "past": "超期行数", "basis": "计算依据",
           "email": "邮箱", "phone": "电话", "address": "地址", "name": "姓名", "delivery": "送达日期 + 期限（无送达日期时用下单日期）",
           "order": "下单日期 + 期限（可能早报几天）", "mtime": "无日期列：按文件修改时间", "unread": "无法读取，未检查",
           "none": "没有发现买家个人信息。"},
    "en": {"file": "File", "column": "Column", "kind": "Kind", "rows": "Rows with data", "past": "Rows past limit",
           "basis": "Counted from", "email": "e-mail", "phone": "phone", "address": "address", "name": "name",
           "delivery": "delivery date + limit (order date where blank)", "order": "order date + limit (may flag a few days early)",
           "mtime": "no date column: file modification time", "unread": "could not be read, not checked",
           "none": "No buyer personal data found."},
}


def _kind(header: str, values: pd.Series) -> str | None:
    h = re.sub(r"[-_]+", " ", str(header)).strip()
    if re.search(r"\b(sku|asin|id|number of|count|qty|quantity|date|time)\b|日期|时间", h, re.I) and not KINDS["phone"].search(h):
        return None
    for kind, pattern in KINDS.items():
        if pattern.search(h):
            return kind
    sample = values.dropna().astype(str).head(200)
    if len(sample) >= 3:
        for kind, pattern in VALUE_PATTERNS.items():
            if sample.str.match(pattern).mean() > 0.8 and (kind != "phone" or sample.str.count(r"\d").mean() >= 7):
                return kind
    return None


def export_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The export files under ``folder`` (sorted) and the sub-folders that could not be listed (relative, as
    "unread" rows). Symbolic links to folders are not followed (a link to / would scan the whole disk). More
    than MAX_FILES files is a UserError rather than a scan that silently leaves files out."""
    import os

    files: list[Path] = []
    unreadable: list[str] = []

    def note(err: OSError) -> None:
        unreadable.append(str(Path(err.filename).relative_to(folder)) if err.filename else str(err))

    seen = 0
    for root, dirs, names in os.walk(folder, onerror=note, followlinks=False):
        dirs.sort()
        seen += len(dirs) + len(names)
        if seen > MAX_ENTRIES:
            raise UserError(f"{folder}: more than {MAX_ENTRIES:,} files and folders below it; this is not a folder "
                            "of exports. Give the folder you keep your downloaded exports in.")
        for name in sorted(names):
            path = Path(root) / name
            if path.suffix.lower() in SUFFIXES and path.is_file():
                files.append(path)
                if len(files) > MAX_FILES:
                    raise UserError(f"{folder}: more than {MAX_FILES:,} export files in this folder and its "
                                    "sub-folders; the scan would leave some out. Scan one store's or one year's "
                                    "folder at a time.")
    return sorted(files), unreadable


def scan_folder(folder: str | Path, as_of: str | pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per (file, column) holding personal data: file (relative path), column header, kind, rows,
    rows past the limit, and what the age was counted from. Files that cannot be read get one row with
    kind "unread". No value from the files is ever in the result."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"{folder}: not a folder. Give the folder that holds your exported files.")
    limit = pd.Timedelta(hours=load_deadlines()["api_pii_retention"].hours())
    now = as_of_day(as_of) if isinstance(as_of, str) else as_of
    if now is None:
        now = pd.Timestamp.now(tz="UTC")
    files, unreadable = export_files(folder)
    rows = [{"file": rel, "column": "", "kind": "unread", "rows": 0, "past": 0, "basis": ""} for rel in unreadable]
    for path in files:
        rel = str(path.relative_to(folder))
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise UserError(f"{path}: larger than the scan reads")
            df = read_table(path)
        except Exception:  # noqa: BLE001 - any file it cannot read is listed as not checked, and the scan goes on
            rows.append({"file": rel, "column": "", "kind": "unread", "rows": 0, "past": 0, "basis": ""})
            continue
        found = [(c, k) for c in df.columns if (k := _kind(c, df[c]))]
        if not found:
            continue
        basis, dates = "mtime", None
        for name, pattern in reversed(DATE_COLUMNS):  # the best column last, so its dates win where present
            col = next((c for c in df.columns if pattern.search(re.sub(r"[-_]+", " ", str(c)))), None)
            if col is not None:
                parsed = pd.to_datetime(df[col], errors="coerce", utc=True, format="mixed")
                if parsed.notna().any():
                    basis = name
                    dates = parsed if dates is None else parsed.fillna(dates)
        if dates is None:
            mtime = pd.Timestamp(path.stat().st_mtime, unit="s", tz="UTC")
            dates = pd.Series(mtime, index=df.index)
        old = (now - dates) > limit
        for col, kind in found:
            present = df[col].notna()
            rows.append({"file": rel, "column": str(col), "kind": kind, "rows": int(present.sum()),
                         "past": int((present & old).sum()), "basis": basis})
    return pd.DataFrame(rows, columns=["file", "column", "kind", "rows", "past", "basis"])


def scan_table(found: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    t = LABELS[lang]
    return pd.DataFrame({t["file"]: found["file"], t["column"]: found["column"], t["kind"]: found["kind"].map(t),
                         t["rows"]: found["rows"], t["past"]: found["past"],
                         t["basis"]: found["basis"].map(lambda b: t.get(b, ""))})


def summary(found: pd.DataFrame) -> dict:
    real = found[found["kind"] != "unread"]
    return {"files_with_personal_data": int(real["file"].nunique()),
            "files_past_limit": int(real[real["past"] > 0]["file"].nunique()),
            "rows_past_limit": int(real.groupby("file")["past"].max().sum()) if len(real) else 0}
