"""What the new playbooks compute: dispute classification and deadlines, contact response time at its edges,
returns and late refunds, the roster audit, and the personal-data scan (finds the data, never prints it)."""

from __future__ import annotations

import pandas as pd
import pytest

from snippets.deadline_clock import due
from snippets.disputes.triage import classify, triage
from snippets.errors import UserError
from snippets.facts import load_deadlines
from snippets.returns.analysis import read_returns, refund_delays
from snippets.security import personal_data, roster
from snippets.service.response_time import buyer_messages, read_messages, shares

D = load_deadlines()


# ---------------------------------------------------------------- disputes
@pytest.mark.parametrize(("reason", "category"), [
    ("Item not received", "not_received"), ("Never arrived", "not_received"), ("没收到货", "not_received"),
    ("Materially different from description", "not_as_described"), ("Not as pictured", "not_as_described"),
    ("Wrong size, too small", "not_as_described"), ("与描述不符", "not_as_described"),
    ("Damaged or defective item", "damaged_defective"), ("The cable stopped working", "damaged_defective"),
    ("收到时已经破损", "damaged_defective"), ("Wrong item received", "wrong_item"), ("发错颜色了，发错了", "wrong_item"),
    ("No longer needed", "other"), ("", "other"),
])
def test_classification(reason, category):
    assert classify(reason) == category


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_due_dates_come_from_the_deadlines_file(tmp_path):
    f = write(tmp_path / "cases.csv",
              "case-id,order-id,type,opened-date,status,reason\n"
              "A,1,A-to-z claim,2026-11-02T10:00:00Z,open,Item not received\n"
              "B,2,chargeback,2026-11-02T10:00:00Z,open,Service: not received\n"
              "C,3,return,2026-11-02T10:00:00Z,pending,Defective\n"
              "D,4,feedback,2026-11-02T10:00:00Z,received,Arrived late\n"
              "E,5,a-to-z,2026-10-01T10:00:00Z,denied,Item not received\n")
    cases = triage(f, as_of="2026-11-04").set_index("case")
    opened = pd.Timestamp("2026-11-02T10:00:00Z")
    for case, deadline_id in (("A", "a_to_z_information_request"), ("B", "chargeback_response"), ("C", "return_request_response")):
        assert cases.at[case, "due"] == opened + pd.Timedelta(hours=D[deadline_id].hours()), case
        assert cases.at[case, "deadline"] == deadline_id
    assert pd.isna(cases.at["D", "due"]), "feedback has no deadline of its own"
    end = pd.Timestamp("2026-11-04T23:59:59Z")
    assert cases.at["C", "overdue"] == (opened + pd.Timedelta(hours=D["return_request_response"].hours()) < end)
    assert not cases.at["E", "active"] and not cases.at["E", "overdue"], "a denied claim is closed"
    order = list(triage(f, as_of="2026-11-04")["case"])
    assert order.index("C") < order.index("A") < order.index("B") < order.index("D"), "most urgent first"
    assert cases.at["C", "template"] == "damaged_or_defective"


def test_chinese_erp_headers_and_missing_columns(tmp_path):
    f = write(tmp_path / "erp.csv", "订单号,纠纷类型,申请时间,状态,原因\n1,退货,2026-11-02 10:00:00,待处理,发错了\n")
    cases = triage(f)
    assert cases.loc[0, "category"] == "wrong_item" and cases.loc[0, "type"] == "return"
    with pytest.raises(UserError, match="no column for order_id"):
        triage(write(tmp_path / "x.csv", "a,b\n1,2\n"))


def test_business_clock_skips_the_weekend():
    refund = D["return_refund_after_receipt_us"]
    assert refund.clock == "business"
    friday = pd.Series([pd.Timestamp("2026-11-06T15:00:00Z")])  # a Friday
    got = due(friday, refund).iloc[0]
    assert got.day_of_week < 5 and (got.normalize() - friday.iloc[0].normalize()).days == refund.value + 2


# ---------------------------------------------------------------- response time
def messages(tmp_path, rows):
    text = "thread,direction,time,agent,text,no response needed\n" + "\n".join(",".join(r) for r in rows) + "\n"
    return read_messages(write(tmp_path / "m.csv", text))


def states(tmp_path, rows, as_of):
    b = buyer_messages(messages(tmp_path, rows), pd.Timestamp(as_of))
    return dict(zip(b["thread"], b["state"], strict=True)), b


def test_weekends_count(tmp_path):
    limit = D["buyer_message_response"].hours()
    assert D["buyer_message_response"].clock == "calendar"
    fri = pd.Timestamp("2026-11-06T18:00:00Z")
    rows = [("fri-mon", "received", fri.isoformat(), "", "Where is it?", ""),
            ("fri-mon", "sent", "2026-11-09T09:00:00+00:00", "Lily", "On its way", ""),
            ("fri-sat", "received", fri.isoformat(), "", "Where is it?", ""),
            ("fri-sat", "sent", (fri + pd.Timedelta(hours=limit - 1)).isoformat(), "Lily", "On its way", "")]
    got, _ = states(tmp_path, rows, "2026-11-10T00:00:00Z")
    assert got == {"fri-mon": "late", "fri-sat": "on_time"}


def test_no_response_needed_is_left_out(tmp_path):
    rows = [("t", "received", "2026-11-01T10:00:00Z", "", "Where?", ""),
            ("t", "sent", "2026-11-01T11:00:00Z", "Kevin", "Here", ""),
            ("t", "received", "2026-11-01T12:00:00Z", "", "Thanks!", "yes"),
            ("u", "received", "2026-11-01T12:00:00Z", "", "Ok thanks", "true")]
    got, b = states(tmp_path, rows, "2026-11-05T00:00:00Z")
    assert sorted(b["state"]) == ["on_time", "skipped", "skipped"]
    assert shares(b)[7] == 1.0, "the unanswered thank-you notes do not count against the rate"


def test_threads_spanning_the_window_edges(tmp_path):
    as_of = pd.Timestamp("2026-10-30T23:59:59Z")  # in the past: a message after tomorrow is refused as impossible
    rows = [
        # arrived before the 7-day window, answered late inside it: counts in 30 days, not in 7
        ("before", "received", (as_of - pd.Timedelta(days=8)).isoformat(), "", "Hi", ""),
        ("before", "sent", (as_of - pd.Timedelta(days=6)).isoformat(), "Jack", "Hello", ""),
        # arrived inside the 7-day window, never answered, past the limit: unanswered in 7 and 30
        ("open", "received", (as_of - pd.Timedelta(days=3)).isoformat(), "", "Hi", ""),
        # arrived an hour before the end: not due yet, counted nowhere
        ("new", "received", (as_of - pd.Timedelta(hours=1)).isoformat(), "", "Hi", ""),
        # answered after the as-of time: unanswered at as-of
        ("later", "received", (as_of - pd.Timedelta(days=2)).isoformat(), "", "Hi", ""),
        ("later", "sent", (as_of + pd.Timedelta(hours=30)).isoformat(), "Jack", "Hello", ""),
        # a seller message before the buyer's does not answer it
        ("order", "sent", (as_of - pd.Timedelta(days=5, hours=1)).isoformat(), "Jack", "Shipped", ""),
        ("order", "received", (as_of - pd.Timedelta(days=5)).isoformat(), "", "Thanks. When?", ""),
        ("order", "sent", (as_of - pd.Timedelta(days=5) + pd.Timedelta(hours=2)).isoformat(), "Jack", "Tuesday", ""),
    ]
    got, b = states(tmp_path, rows, as_of)
    assert got == {"before": "late", "open": "open", "new": "pending", "later": "open", "order": "on_time"}
    s = shares(b)
    assert s[7] == pytest.approx(1 / 3)  # open, later (unanswered) and order (on time)
    assert s[30] == pytest.approx(1 / 4)  # plus the late one from before the week


def test_direction_must_be_known(tmp_path):
    with pytest.raises(UserError, match="neither received"):
        messages(tmp_path, [("t", "sideways", "2026-11-01T10:00:00Z", "", "x", "")])


# ---------------------------------------------------------------- returns
def test_late_refunds_use_business_days(tmp_path):
    f = write(tmp_path / "r.csv",
              "order-id,sku,return-request-date,return-reason,item-received-date,refund-date\n"
              "1,A,2026-11-01,Wrong size,2026-11-06T10:00:00Z,2026-11-10T12:00:00Z\n"   # Fri -> Tue: in time
              "2,A,2026-11-01,Defective,2026-11-06T10:00:00Z,2026-11-11T12:00:00Z\n"    # Wed: late
              "3,B,2026-11-01,Not as described,2026-11-02T10:00:00Z,\n"                  # never refunded
              "4,B,2026-11-01,No longer needed,,\n")                                     # not back yet
    r = read_returns(f)
    late = refund_delays(r, pd.Timestamp("2026-11-12T00:00:00Z"))
    assert sorted(late["order"]) == ["2", "3"]
    assert list(r["listing"]) == [True, False, True, False]


# ---------------------------------------------------------------- security
def test_roster_audit(tmp_path):
    f = write(tmp_path / "u.csv",
              "name,email,role,two-step method,last sign-in,status,date left\n"
              "Ann,ann@x.com,Admin,Authenticator app,2026-11-29,Active,\n"
              "Bob,bob@x.com,Admin,,2026-11-29,Active,\n"
              "Warehouse,wh@x.com,Orders,SMS,2026-11-29,Active,\n"
              "Cat,cat@x.com,Admin,SMS,2026-11-29,Active,2026-11-28\n"
              "Dan,dan@x.com,Orders,SMS,2026-11-29,Active,2026-11-29T12:00:00\n"
              "Eve,eve@x.com,Admin,SMS,2026-10-01,Disabled,2026-10-01\n")
    problems = roster.audit(roster.read_roster(f), "2026-11-30", max_admins=2)
    by = problems.groupby("name")["problem"].apply(set).to_dict()
    assert by["Bob"] >= {"no_2sv"} and "shared" in by["Warehouse"] and "departed" in by["Cat"]
    assert "departed" not in by.get("Dan", set()), "left less than the grace period ago"
    assert "Eve" not in by, "disabled users are not flagged"
    assert {n for n, p in by.items() if "admins" in p} == {"Ann", "Bob", "Cat"}


@pytest.fixture
def exports(tmp_path):
    d = tmp_path / "exports"
    (d / "sub").mkdir(parents=True)
    secrets = {"name": "Zelda Quartermain", "email": "zelda.q@mailbox.example", "phone": "+1 555 0199",
               "address": "42 Wallaby Way"}
    write(d / "old.csv", "order-id,purchase-date,delivery-date,buyer-name,buyer-email,buyer-phone-number,ship-address-1\n"
          + "".join(f"1-{i},2026-08-01,2026-08-05,{secrets['name']},{secrets['email']},{secrets['phone']},{secrets['address']}\n" for i in range(7))
          + f"1-9,2026-11-20,2026-11-25,{secrets['name']},{secrets['email']},{secrets['phone']},{secrets['address']}\n")
    write(d / "sub" / "contacts.tsv", "who\tcontact\n" + "".join(f"x{i}\tzelda{i}@mailbox.example\n" for i in range(5)))
    write(d / "stock.csv", "sku,qty\nA,1\n")
    write(d / "notes.txt", "just some text without columns\n")
    return d, secrets


def test_personal_data_is_found(exports):
    d, _ = exports
    found = personal_data.scan_folder(d, "2026-11-30")
    old = found[found["file"] == "old.csv"].set_index("column")
    assert set(old["kind"]) == {"name", "email", "phone", "address"}
    assert (old["rows"] == 8).all() and (old["past"] == 7).all(), "only the rows delivered over the limit ago"
    contacts = found[found["file"] == "sub/contacts.tsv"]
    assert list(contacts["kind"]) == ["email"], "e-mail addresses found by their shape under a vague header"
    assert "stock.csv" not in set(found["file"])


def test_personal_data_is_never_printed(exports, tmp_path, capsys):
    """The scan's result, its tables and the whole playbook report hold no value from the files."""
    from snippets.cli import main

    d, secrets = exports
    found = personal_data.scan_folder(d, "2026-11-30")
    shown = found.to_string() + personal_data.scan_table(found, "en").to_string() + personal_data.scan_table(found, "zh").to_string()
    report = tmp_path / "report.html"
    assert main(["playbook", "run", "security-audit", "-p", f"exports_folder={d}", "-p", "lang=en", "-o", str(report)]) == 0
    everything = shown + report.read_text(encoding="utf-8") + "".join(capsys.readouterr())
    for value in [*secrets.values(), "zelda0@mailbox.example", "Wallaby", "Quartermain", "0199"]:
        assert value not in everything, f"{value!r} was printed"
    assert "old.csv" in everything and "buyer-email" in everything
