"""Property tests (Hypothesis) for the checker and the `check` command: for any text, bytes or JSONL, no
exception, exit code 0/1/2, spans inside the text; an email stays detected whatever invisible or control
characters are slipped into it. The budget is bounded (max_examples) so `make test` stays quick."""

from __future__ import annotations

import contextlib
import io
import json
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from snippets.cli import main
from snippets.messages import check_message

BUDGET = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                  derandomize=True)

# Text with what the checker cares about: letters of six languages, digits, "@", dots, contact words,
# invisible and control characters, line separators, emoji.
_ALPHABET = st.sampled_from(list("abcdeéüçñ@.:/-_ 0123456789\n\t\r") + [
    "\u200b", "\u200d", "\ufeff", "\x00", "\x07", "\x1b", "\x9b", "\u2028", "\u0085", "\u202e", "ｗ", "а", "😀",
    "。", "の", "〇", "星", "レ"])
_WORDS = st.sampled_from(["review", "5 stars", "gift", "WhatsApp", "email", "gmail", "dot", "com", "www", "refund",
                          "Bewertung", "avis", "reseña", "recensione", "レビュー", "PayPal", "never", "don't",
                          "\"Five Star Hotel\"", "VAT No.", "0171 2345678", "IBAN", "card number", "http://"])
TEXT = st.lists(st.one_of(st.text(_ALPHABET, max_size=12), _WORDS), max_size=40).map(" ".join)
ANY_TEXT = st.one_of(TEXT, st.text(max_size=300))


def _run(argv, stdin_bytes: bytes) -> tuple[int, str, str]:
    """The command as a user runs it, in this process: bytes on stdin, captured stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin_bytes), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", *argv])
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


@BUDGET
@given(text=ANY_TEXT, lang=st.sampled_from([None, "en", "de", "fr", "es", "it", "ja"]),
       platform=st.sampled_from(["amazon", "ebay", "walmart"]))
def test_any_text_gives_findings_with_spans_inside_it(text, lang, platform):
    for f in check_message(text, lang=lang, platform=platform):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.match
        assert f.severity in ("error", "warning", "info")


@BUDGET
@given(data=st.one_of(st.binary(max_size=400), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       fmt=st.sampled_from(["text", "json"]))
def test_the_command_takes_any_bytes_on_stdin(data, fmt):
    code, out, err = _run(["-", "--format", fmt], data)
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("error: ") and out == ""
    else:
        assert "\x1b" not in out and "\x9b" not in out  # no terminal escape from the data, in either format
        if fmt == "json":
            assert {"file", "language", "platform", "findings"} == set(json.loads(out))


_JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                                      TEXT), lambda inner: st.lists(inner, max_size=3)
                            | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
_RECORD = st.fixed_dictionaries({"id": st.one_of(st.integers(), st.text(max_size=8)), "text": ANY_TEXT},
                                optional={"lang": st.sampled_from(["auto", "en", "ja", "pt", 3, None])})
_LINE = st.one_of(_RECORD.map(lambda r: json.dumps(r, ensure_ascii=False)),
                  _JSON_VALUES.map(json.dumps), st.text(max_size=40))


@BUDGET
@given(lines=st.lists(_LINE, max_size=6), ending=st.sampled_from(["\n", "\r\n"]))
def test_the_command_takes_any_jsonl(lines, ending):
    data = ending.join(lines).encode("utf-8", "surrogatepass")
    code, out, err = _run(["--jsonl", "-"], data)
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    if code != 2:
        for line in out.splitlines():
            assert set(json.loads(line)) == {"id", "findings"}


_INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\x00", "\x01", "\x07",
                              "\x1b", "\x7f", "\x9b"])


@BUDGET
@given(local=st.from_regex(r"[a-z][a-z0-9]{2,8}", fullmatch=True),
       domain=st.sampled_from(["gmail.com", "shop-outlet.de", "example.fr", "mail.jp"]),
       junk=st.lists(st.tuples(st.integers(0, 40), _INVISIBLE), min_size=1, max_size=4),
       before=st.sampled_from(["Write to ", "Schreiben Sie an ", "Écrivez à ", "メールは "]))
def test_invisible_and_control_characters_do_not_hide_an_email(local, domain, junk, before):
    address = f"{local}@{domain}"
    chars = list(address)
    for pos, ch in junk:
        chars.insert(pos % (len(chars) + 1), ch)
    text = before + "".join(chars) + " please."
    found = [f for f in check_message(text) if f.rule == "external_contact.email"]
    assert found, repr(text)
    assert all(text[f.start:f.end] == f.match for f in found)
