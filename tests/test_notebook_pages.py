"""Playbook pages are cut to the CSS they use and load their charts as files (snippets/site/notebook_pages.py)."""

from __future__ import annotations

import base64
import struct
import zlib

from snippets.site.notebook_pages import prune_css, slim


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + b"\xff\xff\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_only_rules_the_page_can_match_stay_and_the_variables_they_use():
    declares = ".w{--used:red;--unused:blue;--chain:var(--deep);--deep:1px}"
    uses = (".w .cell{color:var(--used);margin:var(--chain)} .w .toolbar{color:var(--unused)} "
            ".w :is(.cell:hover, .gone){display:flex} @media print{.w .cell{color:black} .w .gone{color:red}} "
            "pre{line-height:125%}")
    out_declares, out_uses = prune_css([declares, uses], {"w", "cell"})
    assert "--used:red" in out_declares and "--deep:1px" in out_declares and "--chain" in out_declares
    assert "--unused" not in out_declares  # only the dropped .toolbar rule read it
    assert ".toolbar" not in out_uses and ".gone{" not in out_uses
    assert ".w :is(.cell:hover, .gone){display:flex}" in out_uses  # a comma inside :is() does not split the rule
    assert "@media print{.w .cell{color:black}}" in out_uses.replace("\n", "")
    assert "pre{line-height:125%}" in out_uses


def test_a_chart_becomes_a_lazy_file_with_its_size(tmp_path):
    png = _png(300, 200)
    html = ('<div class="jupyter-wrapper"><style>.jupyter-wrapper{color:red} .other{color:blue}</style>'
            f'<img alt="chart" src="data:image/png;base64,{base64.b64encode(png).decode()}"></div>')
    out = slim(html, tmp_path / "page")
    files = list((tmp_path / "page").glob("chart-*.png"))
    assert len(files) == 1 and files[0].read_bytes() == png
    assert f'src="{files[0].name}"' in out and 'width="300" height="200"' in out and 'loading="lazy"' in out
    assert "data:image" not in out and ".other" not in out and ".jupyter-wrapper{color:red}" in out
