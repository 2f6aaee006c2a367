"""What a reader reports about rows it could not use or orders whose rows disagree."""

from __future__ import annotations

from dataclasses import dataclass, field

EXAMPLES = 3  # examples shown per reject reason or conflict

@dataclass
class Problem:
    """Rows rejected for one reason, or orders whose item rows disagree on one field.

    ``examples``: for rejects ``{"row", "column", "value"}``, for conflicts ``{"order_id", "rows", "values"}``;
    in a text file whose quoted values hold line breaks, also ``line``/``lines`` where they differ from the row.
    """

    reason: str
    count: int = 0
    examples: list[dict] = field(default_factory=list)
