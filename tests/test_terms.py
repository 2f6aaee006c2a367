"""One term per concept: pages never use a glossary variant (消息检查器, 追踪编码, 卖家后台, 二步验证 ...) where the
preferred term should stand. The failure names the file, the line and the term to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.glossary import load_glossary, variant_uses

ROOT = Path(__file__).resolve().parent.parent
# the page sources in each language, and the notebooks (they are published in both)
SOURCES = {"zh": sorted((ROOT / "docs" / "zh").rglob("*.md")), "en": sorted((ROOT / "docs" / "en").rglob("*.md"))}


def _report(lang: str, files) -> list[str]:
    out = []
    for path in files:
        for use in variant_uses(path.read_text(encoding="utf-8"), lang):
            out.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{use.line}: "
                       f"'{use.variant}' -> write '{use.preferred}' (glossary #{use.term_id})")
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_use_the_preferred_terms(lang):
    problems = _report(lang, SOURCES[lang])
    assert not problems, "variants where the preferred term should stand:\n" + "\n".join(problems)


def test_glossary_definitions_use_the_preferred_terms():
    problems = []
    for term in load_glossary():
        for lang in ("zh", "en"):
            for use in variant_uses(term.definition(lang), lang):
                if use.term_id != term.id or lang == "zh":  # an English definition may explain a Chinese variant
                    problems.append(f"glossary #{term.id} definition_{lang}: '{use.variant}' -> '{use.preferred}'")
    assert not problems, "\n".join(problems)


def test_the_decided_variants_are_in_the_glossary():
    # the drifts issue 9 found; each must stay covered so the check keeps catching them
    variants = {v: t.zh for t in load_glossary() for v in t.zh_variants}
    assert variants["消息检查器"] == "消息检查工具"
    assert variants["追踪编码"] == variants["物流跟踪号"] == "追踪号"
    assert variants["卖家后台"] == "卖家中心"
    assert variants["二步验证"] == "两步验证"
    names = {t.zh for t in load_glossary()}
    assert {"差评", "商品差评"} <= names, "差评 (seller feedback) and 商品差评 (product review) are both defined"


def test_a_planted_variant_is_reported_with_file_line_and_preferred_term(tmp_path):
    page = tmp_path / "planted.md"
    page.write_text("# 标题\n\n请先开启两步验证。\n用消息检查器检查后再发。\n上传物流跟踪号。\n", encoding="utf-8")
    problems = _report("zh", [page])
    assert any(p.endswith(":4: '消息检查器' -> write '消息检查工具' (glossary #message_checker)") for p in problems), problems
    assert any(":5: '物流跟踪号' -> write '追踪号'" in p for p in problems), problems
    assert not any(":3:" in p for p in problems), "the preferred term itself was flagged"
    en = tmp_path / "planted-en.md"
    en.write_text("Open Seller Central.\nOpen seller center and check.\n", encoding="utf-8")
    assert [p.split(": ", 1)[1] for p in _report("en", [en])] == ["'Seller Center' -> write 'Seller Central' (glossary #seller_central)"]
