"""Item rows into orders: one row per order, with disagreeing values reported."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from snippets.orders.columns import FieldSpec, categories, field_specs
from snippets.orders.problems import EXAMPLES, Problem
from snippets.orders.values import is_blank


def merge_items(data: dict[str, np.ndarray | pa.ChunkedArray], row_no: np.ndarray, columns: dict[str, str],
                 specs: dict[str, FieldSpec], extras: dict[str, pa.ChunkedArray]) -> dict:
    """One row per order (the first non-blank value of each order-level field); conflicts between item rows."""
    ids = cast(pa.ChunkedArray, data["order_id"]).combine_chunks()
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
            filled = ~is_blank(sub)
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
    for name, (value, prob) in zip(names, thread_pool().map(merge, names), strict=True):
        values[name] = value
        if prob:
            conflicts.append(prob)
    item_values = {name: arrange(data[name]) for name in data if specs[name].level == "item"}
    item_values.update({h: arrange(col) for h, col in extras.items()})
    return {"order_ids": uniques, "first_row": rows_sorted[starts], "values": values, "conflicts": conflicts,
            "item_order": sorted_codes, "item_values": item_values}


@cache
def thread_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1))


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
