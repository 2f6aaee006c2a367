"""Orders per day: counted per order (not per item row), per channel, with empty days shown as 0."""

from __future__ import annotations

from snippets.orders.volume import orders_per_day


def write(path, rows):
    head = "amazon-order-id\tpurchase-date\tfulfillment-channel\n"
    path.write_text(head + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_counts_orders_per_channel_and_fills_empty_days(tmp_path):
    path = write(tmp_path / "o.txt", [
        ("A", "2026-10-01T10:00:00+00:00", "Merchant"),
        ("A", "2026-10-01T10:00:00+00:00", "Merchant"),  # second item of the same order
        ("B", "2026-10-01T23:30:00+00:00", "Amazon"),
        ("C", "2026-10-03T08:00:00+00:00", "Merchant"),
    ])
    table, of = orders_per_day(path, days=3)
    assert [str(d) for d in table.index] == ["2026-10-01", "2026-10-02", "2026-10-03"]
    assert table["MFN"].tolist() == [1, 0, 1] and table["FBA"].tolist() == [1, 0, 0]
    assert (of.rows_read, of.n_orders) == (4, 3)


def test_time_zone_moves_orders_to_the_local_day(tmp_path):
    path = write(tmp_path / "o.txt", [("B", "2026-10-01T23:30:00+00:00", "Amazon"),
                                      ("C", "2026-10-02T08:00:00+00:00", "Merchant")])
    table, _ = orders_per_day(path, days=2, tz="Asia/Shanghai")  # 23:30 UTC is 07:30 next day in Shanghai
    assert [str(d) for d in table.index] == ["2026-10-01", "2026-10-02"]
    assert table.loc[table.index[-1]].tolist() == [1, 1]
