"""Order exports as sellers really have them, read into one row per order.

Where things are: ``reader`` (``read_orders``, ``OrderFile``: the one entry point), ``sniffing`` (encoding and
delimiter), ``text_tables`` (CSV/TSV/flat files), ``sheets`` (workbooks), ``columns`` (headers, aliases,
``--map``), ``values`` (blanks, codes, ratings, timestamps), ``merge`` (item rows into orders), ``problems``
(rejected rows and conflicts), ``volume`` (orders per day).
"""

from snippets.orders.columns import parse_mapping, resolve_column
from snippets.orders.reader import OrderFile, read_orders

__all__ = ["OrderFile", "parse_mapping", "read_orders", "resolve_column"]
