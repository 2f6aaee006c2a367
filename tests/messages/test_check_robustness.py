"""`check` against hostile input (issue 7, items 2, 12, 13, 14, 15): linear time, a size cap with exit 2,
control characters that cannot hide an address, sentences in another language, JSONL split on "\\n" only,
stdin decoded like a file, no terminal escapes printed raw, the language reported is the one used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from snippets.cli import main
from snippets.commands.check import MAX_MESSAGE_CHARS
from snippets.messages import check_message, message_languages
from snippets.messages.language import _STOPWORDS

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args):
    code = main(["check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _time(text: str) -> float:
    start = time.perf_counter()
    check_message(text)
    return time.perf_counter() - start


def test_checking_time_grows_linearly_with_the_message():
    unit = "Leave a review and we will send a gift. "
    check_message(unit)  # warm-up: rules compiled
    small, big = _time(unit * 2_000), _time(unit * 8_000)
    # Linear: 4x the text takes about 4x the time; quadratic would be 16x. Generous for a busy machine.
    assert big < 9 * small + 0.05, (small, big)


def test_a_message_over_the_limit_is_refused_with_exit_2(tmp_path, capsys):
    f = tmp_path / "long.txt"
    f.write_text("a" * (MAX_MESSAGE_CHARS + 1), encoding="utf-8")
    code, out, err = run(capsys, str(f))
    assert code == 2 and out == ""
    assert f"at most {MAX_MESSAGE_CHARS:,}" in err
    line = json.dumps({"id": 1, "text": "b" * (MAX_MESSAGE_CHARS + 1)})
    (tmp_path / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    code, out, err = run(capsys, "--jsonl", str(tmp_path / "in.jsonl"))
    assert code == 2 and out == "" and "line 1" in err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_devices_and_fifos_are_refused(tmp_path, capsys):
    code, _, err = run(capsys, "/dev/zero")
    assert code == 2 and "not a regular file" in err
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        code, _, err = run(capsys, str(fifo))
        assert code == 2 and "not a regular file" in err
    code, _, err = run(capsys, str(tmp_path))
    assert code == 2 and "folder" in err


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x9b"])
def test_control_characters_do_not_hide_an_address(control):
    for text, rule in [(f"write to jo{control}hn.smith@gm{control}ail.com", "external_contact.email"),
                       (f"call 0171{control} 234{control}5678", "external_contact.phone"),
                       (f"see www.gar{control}den-shop.com", "external_link.url")]:
        found = [f for f in check_message(text) if f.rule == rule]
        assert found, (control, text)
        assert all(text[f.start:f.end] == f.match for f in found)


def test_an_english_sentence_inside_a_german_message_is_read_with_english_rules():
    text = ("Vielen Dank für Ihre Bestellung, die Ware ist heute bei DHL abgegangen und kommt morgen an. "
            "Leave us a five-star review and we will send you a free gift card.")
    found = {f.category for f in check_message(text, lang="de") if f.severity == "error"}
    assert "review_incentive" in found
    assert message_languages(text, "de") == ["de", "en"]
    assert message_languages(text) == ["de", "en"]


def test_check_reports_the_languages_it_used(tmp_path, capsys):
    f = tmp_path / "m.txt"
    f.write_text("Vielen Dank für Ihre Bestellung, die Ware ist heute bei DHL abgegangen und kommt morgen an. "
                 "Please leave us a review if you have time, it helps us a lot.", encoding="utf-8")
    code, out, _ = run(capsys, str(f))
    assert out.strip().endswith("language de (sentences in en checked with those rules too), platform amazon")
    code, out, _ = run(capsys, str(f), "--format", "json")
    assert json.loads(out)["language"] == "de"


def test_stopword_lists_have_no_duplicates():
    for lang, words in _STOPWORDS.items():
        listed = words.split()
        assert len(listed) == len(set(listed)), (lang, sorted({w for w in listed if listed.count(w) > 1}))


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x1c", "\x1d", "\x1e", "\x0b", "\x0c"])
def test_jsonl_splits_on_newline_only(tmp_path, capsys, separator):
    f = tmp_path / "in.jsonl"
    rows = [{"id": 1, "text": f"Thanks{separator}for your order."}, {"id": 2, "text": "Email me at a.b@gmail.com"}]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\r\n", encoding="utf-8")
    code, out, err = run(capsys, "--jsonl", str(f))
    assert err == "" and code == 1
    assert [json.loads(x)["id"] for x in out.splitlines()] == [1, 2]


def _cli(args, data: bytes):
    return subprocess.run([sys.executable, "-m", "snippets", "check", *args], input=data, capture_output=True,
                          cwd=ROOT, timeout=120)


def test_stdin_and_a_file_decode_the_same_way(tmp_path):
    data = "\ufeffBitte schreiben Sie mir: jo@gmx.de – danke, Grüße".encode()
    f = tmp_path / "m.txt"
    f.write_bytes(data)
    from_file = _cli([str(f), "--format", "json"], b"")
    from_stdin = _cli(["-", "--format", "json"], data)
    assert from_file.returncode == from_stdin.returncode == 1
    assert json.loads(from_file.stdout)["findings"] == json.loads(from_stdin.stdout)["findings"]
    bad = _cli(["-"], "Grüße".encode("latin-1"))
    assert bad.returncode == 2 and b"not UTF-8" in bad.stderr and b"Traceback" not in bad.stderr


def test_terminal_escape_sequences_from_data_are_never_printed_raw(tmp_path, capsys):
    f = tmp_path / "m\x1b[31mred.txt"
    f.write_text("Call me \x1b]0;pwned\x07 on 0171 2345678 \u202e or mail x@gmail.com \x9b2J", encoding="utf-8")
    code, out, err = run(capsys, str(f))
    assert code == 1
    assert not any(c in out for c in "\x1b\x07\x9b\u202e"), out
    assert "\\x1b" in out
    code, out, err = run(capsys, str(f), "--format", "json")
    assert "\x9b" not in out and "\x1b" not in out
    assert json.loads(out)["findings"]


def test_jsonl_ids_json_cannot_hold_are_exit_2(tmp_path, capsys):
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": ' + "9" * 5000 + ', "text": "hi"}\n', encoding="utf-8")
    code, out, err = run(capsys, "--jsonl", str(f))
    assert code == 2 and "line 1" in err
    f.write_text('{"id": 1, "text": "hi", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    code, out, err = run(capsys, "--jsonl", str(f))
    assert code == 2 and "line 1" in err


def test_an_english_incentive_in_a_german_template_is_caught(capsys):
    code = main(["template", "show", "refund_issued", "--lang", "de", "--example",
                 "--set", "seller_name=Leave us a five-star review and we will send you a free gift card."])
    err = capsys.readouterr().err
    assert code == 1
    assert "error review_incentive" in err
