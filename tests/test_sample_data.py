"""`sample-data` writes realistic exports, the same bytes for the same seed."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from snippets.cli import main
from snippets.sample_data import ORDER_COLUMNS, write_sample_data


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample_data(tmp_path_factory.mktemp("a"), n_orders=300, seed=3)


def test_same_seed_same_files(sample, tmp_path):
    again = write_sample_data(tmp_path, n_orders=300, seed=3)
    for kind in ("orders", "claims", "messages", "returns", "message_export", "users"):
        assert sample[kind].read_bytes() == again[kind].read_bytes(), kind


def test_other_seed_other_orders(sample, tmp_path):
    other = write_sample_data(tmp_path, n_orders=300, seed=4)
    assert sample["orders"].read_bytes() != other["orders"].read_bytes()


def test_orders_look_like_an_amazon_flat_file(sample):
    first_line = sample["orders"].read_text(encoding="utf-8").splitlines()[0]
    assert first_line.split("\t") == ORDER_COLUMNS
    assert "amazon-order-id" in first_line and "purchase-date" in first_line
    items = pd.read_csv(sample["orders"], sep="\t", dtype=str, keep_default_na=False)
    assert items["amazon-order-id"].nunique() == 300
    assert len(items) > 300, "some orders must have several item rows"
    assert items["amazon-order-id"].str.fullmatch(r"\d{3}-\d{7}-\d{7}").all()
    assert set(items["fulfillment-channel"]) == {"Merchant", "Amazon"}
    assert pd.to_datetime(items["purchase-date"], utc=True).max() <= pd.Timestamp("2026-10-31T23:59:59Z")
    # order-level columns repeat on every item row of an order
    per_order = items.groupby("amazon-order-id")[["purchase-date", "order-status", "fulfillment-channel"]].nunique()
    assert (per_order == 1).all().all()


def test_claims_and_messages_refer_to_real_orders(sample):
    orders = set(pd.read_csv(sample["orders"], sep="\t", dtype=str)["amazon-order-id"])
    claims = pd.read_csv(sample["claims"], dtype=str)
    assert set(claims["order-id"]) <= orders
    assert {"a-to-z", "feedback", "return"} <= set(claims["type"])
    messages = [json.loads(line) for line in sample["messages"].read_text(encoding="utf-8").splitlines()]
    assert {m["order_id"] for m in messages} <= orders
    assert {m["lang"] for m in messages} == {"en", "de", "fr", "es", "it", "ja"}
    assert all(m["text"].strip() for m in messages)


def test_cli_writes_the_files(tmp_path, capsys):
    assert main(["sample-data", str(tmp_path), "--orders", "50", "--seed", "1"]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"orders.txt", "claims.csv", "messages.jsonl", "returns.csv",
                                                   "message-export.csv", "users.csv", "exports"}


def test_cli_rejects_zero_orders(tmp_path, capsys):
    assert main(["sample-data", str(tmp_path), "--orders", "0"]) == 2
    assert "--orders must be from 1 to" in capsys.readouterr().err


def test_cli_names_a_folder_it_cannot_write(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["sample-data", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the sample files" in err and "Traceback" not in err


def test_sample_data_with_a_future_end_reads_without_rejects(tmp_path):
    from datetime import date, timedelta

    from snippets.orders import read_orders

    end = date.today() + timedelta(days=40)
    of = read_orders(write_sample_data(tmp_path, 200, seed=5, end=end)["orders"])
    assert of.rows_rejected == 0 and of.orders["purchase_date"].max().date() == end
