"""`check --format json` output is a contract (agents' scripts parse it): byte-for-byte the same as the golden
files recorded before the issue-13 changes. The rules are a frozen copy (tests/messages/golden/rules), so only
a change in the command's output format, the detectors or the normalisation can make this fail. Changing the
keys or their order needs a version bump noted in CHANGELOG.md and new golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("name", ["messages", "de", "ja"])
def test_json_output_matches_the_golden_file(name, monkeypatch, capsys):
    monkeypatch.chdir(GOLDEN)
    code = main(["check", f"{name}.txt", "--format", "json", "--rules", "rules"])
    out = capsys.readouterr().out
    assert code == 1
    assert out == (GOLDEN / f"{name}.json").read_text(encoding="utf-8")
