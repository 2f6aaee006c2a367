"""`python -m snippets check`: exit codes 0/1/2, text and JSON output, --jsonl."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from snippets.cli import main
from snippets.messages.rules import RULES_DIR

CLEAN = "Your refund of $12.00 has been processed. Thank you for your patience."
BAD = "Hello,\nplease mail me: john at gmail dot com\nand leave 5 stars!"


def run(capsys, *args):
    code = main(["check", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_clean_message_exits_0(tmp_path, capsys):
    f = tmp_path / "m.txt"
    f.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run(capsys, str(f))
    assert code == 0
    assert out.strip() == f"{f}: no findings; language en, platform amazon"


def test_error_finding_exits_1_with_line_column_excerpt_and_both_languages(tmp_path, capsys):
    f = tmp_path / "m.txt"
    f.write_text(BAD, encoding="utf-8")
    code, out, _ = run(capsys, str(f))
    assert code == 1
    assert f'{f}:2:17: error external_contact.email [external_contact] "john at gmail dot com"' in out
    assert f"{f}:3:11: error review_manipulation.positive_review_request" in out
    assert "原因: " in out and "why: " in out
    assert out.strip().endswith("2 errors (do not send); language en, platform amazon")


def test_warning_only_exits_0(tmp_path, capsys):
    f = tmp_path / "m.txt"
    f.write_text("Please leave us a 5-star review!", encoding="utf-8")
    code, out, _ = run(capsys, str(f), "--platform", "ebay")
    assert code == 0
    assert "warning review_manipulation.positive_review_request" in out


def test_json_output_shape(tmp_path, capsys):
    f = tmp_path / "m.txt"
    f.write_text(BAD, encoding="utf-8")
    code, out, _ = run(capsys, str(f), "--format", "json", "--lang", "en")
    assert code == 1
    doc = json.loads(out)
    assert doc["language"] == "en" and doc["platform"] == "amazon"
    first = doc["findings"][0]
    assert set(first) == {"rule", "category", "severity", "start", "end", "match", "message", "message_zh",
                          "suggestion"}
    assert BAD[first["start"]:first["end"]] == first["match"] == "john at gmail dot com"


def test_jsonl_in_and_out(tmp_path, capsys):
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": 1, "text": CLEAN},
        {"id": "b", "text": "Rufen Sie mich an: 0171 2345678", "lang": "de"},
        {"id": 3, "text": "Bitte schreiben Sie eine Bewertung.", "lang": "auto"},
    ]) + "\n\n", encoding="utf-8")
    code, out, _ = run(capsys, "--jsonl", str(f))
    assert code == 1
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["id"] for x in lines] == [1, "b", 3]
    assert [list(x) for x in lines] == [["id", "findings"]] * 3
    assert lines[0]["findings"] == [] and lines[2]["findings"] == []
    assert "0171 2345678" in [f["match"] for f in lines[1]["findings"]]


def test_stdin(monkeypatch, capsys):
    import io
    monkeypatch.setattr(sys, "stdin", io.StringIO(CLEAN))
    code, out, _ = run(capsys, "-")
    assert code == 0 and out.startswith("stdin: no findings")


@pytest.mark.parametrize(("content", "problem"), [
    ("not json\n", "line 1: not JSON"),
    ('{"text": "hi"}\n', 'line 1: expected an object with "id" and "text"'),
    ('{"id": 1, "text": "hi", "lang": "pt"}\n', "line 1: lang 'pt'"),
])
def test_bad_jsonl_exits_2(tmp_path, capsys, content, problem):
    f = tmp_path / "in.jsonl"
    f.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "--jsonl", str(f))
    assert code == 2 and out == ""
    assert problem in err


def test_unreadable_inputs_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, str(tmp_path / "missing.txt"))
    assert code == 2 and "no such file" in err
    f = tmp_path / "latin1.txt"
    f.write_bytes("Grüße".encode("latin-1"))
    code, _, err = run(capsys, str(f))
    assert code == 2 and "not UTF-8" in err
    code, _, err = run(capsys, str(f), "--jsonl", str(f))
    assert code == 2 and "either FILE or --jsonl" in err


def test_invalid_rule_file_exits_2_naming_it(tmp_path, capsys):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "promotion.yaml").write_text("rules:\n  - id: promotion.x\n", encoding="utf-8")
    f = tmp_path / "m.txt"
    f.write_text(CLEAN, encoding="utf-8")
    code, out, err = run(capsys, str(f), "--rules", str(folder))
    assert code == 2 and out == ""
    assert "promotion.yaml" in err and "(promotion.x)" in err and "'category' is a required property" in err


def test_bad_arguments_exit_2():
    result = subprocess.run([sys.executable, "-m", "snippets", "check", "--lang", "pt", "-"],
                            input="hi", capture_output=True, text=True)
    assert result.returncode == 2
    assert "invalid choice: 'pt'" in result.stderr
