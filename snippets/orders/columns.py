"""Column headers: the canonical order fields, their aliases (``snippets/data/column_aliases.yaml``) and ``--map``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from snippets.datafiles import load_yaml
from snippets.errors import UserError

if TYPE_CHECKING:
    from snippets.orders.reader import OrderFile



ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "column_aliases.yaml"
@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    level: str
    required: bool
    aliases: tuple[str, ...]


@cache
def alias_tables() -> tuple[dict[str, FieldSpec], dict[str, dict[str, str]], dict[str, list[str]]]:
    raw = load_yaml(ALIASES_FILE, "column_aliases")  # shape: snippets/data/schemas/column_aliases.schema.yaml
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
    return alias_tables()[0]


def categories(kind: str) -> list[str] | None:
    """Canonical values of a coded kind (channel, status, canceller, bool, claim); None for other kinds."""
    return alias_tables()[2].get(kind)


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


def check_duplicates(headers: list[str], path: Path, names: set[str], labels: list[str] | None = None) -> None:
    """Two columns with the same header (ignoring case and surrounding spaces), where the header is one that is
    read (in ``names``, lower case): which one would be used is a guess, so say so and name both columns.
    ``labels``: how to name each column (spreadsheet letters); default its number."""
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        key = h.strip().lower()
        if not key:
            continue
        if key in seen and key in names:
            first, label = seen[key], labels or [str(n + 1) for n in range(len(headers))]
            raise UserError(f"{path}: columns {label[first]} and {label[i]} both have the header '{h.strip()}', so "
                            "it is not clear which one holds the values. Rename or delete one of them and try again.")
        seen.setdefault(key, i)


def used_names(mapping: dict[str, str], keep=()) -> set[str]:
    """Headers (lower case) the reader may read: every alias, the --map headers and the --by names."""
    return ({a for spec in field_specs().values() for a in spec.aliases} | set(mapping)
            | {k.strip().lower() for k in keep})


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


def kept_columns(keep, headers: list[str], columns: dict[str, str], path: Path) -> list[str]:
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
