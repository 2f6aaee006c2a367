"""The rule list on the "Message rules" pages, generated from the rule data at site build."""

from __future__ import annotations

from snippets.messages.rules import CATEGORIES, load_rules

CATEGORY_NAMES = {
    "external_contact": ("External contact", "站外联系方式"),
    "external_link": ("External links", "外部链接"),
    "review_incentive": ("Review incentives", "以利益换评论"),
    "review_manipulation": ("Review manipulation", "操纵评论"),
    "promotion": ("Promotion", "营销推广"),
    "off_platform": ("Off-platform sales and payment", "站外交易与付款"),
    "sensitive_data": ("Sensitive data", "敏感信息"),
    "formatting": ("Formatting", "格式"),
}
_LANG_NAMES = {"*": ("all languages", "所有语言"), "en": ("English", "英语"), "de": ("German", "德语"),
               "fr": ("French", "法语"), "es": ("Spanish", "西班牙语"), "it": ("Italian", "意大利语"),
               "ja": ("Japanese", "日语")}
_SEVERITY = {"error": ("error", "错误"), "warning": ("warning", "警告"), "info": ("info", "提示")}
_PLATFORMS = {"amazon": ("Amazon", "亚马逊"), "ebay": ("eBay", "eBay"), "walmart": ("Walmart", "沃尔玛")}
_LABELS = {
    "en": ("Catches", "Example", "Why it matters", "Write instead", "Severity", "Languages", "Source"),
    "zh": ("检查内容", "示例", "为什么重要", "建议写法", "级别", "语言", "来源"),
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def message_rules_markdown(lang: str) -> str:
    zh = lang == "zh"
    pick = 1 if zh else 0
    catches, example, why, instead, severity, languages, source = _LABELS["zh" if zh else "en"]
    rules = load_rules(validate=True)  # the site build validates the built-in rules (rules.schema.yaml)
    out = []
    for category in CATEGORIES:
        in_cat = [r for r in rules if r.category == category]
        if not in_cat:
            continue
        out.append(f"## {CATEGORY_NAMES[category][pick]} {{#{category}}}\n")
        for r in in_cat:
            first_lang, texts = next(iter(r.examples["match"].items()))
            sev = "; ".join(f"{_PLATFORMS[p][pick]}: {_SEVERITY[r.severity_on(p)][pick]}" for p in r.platforms)
            langs = ", ".join(_LANG_NAMES[x][pick] for x in r.languages)
            out.append(f"### `{r.id}` {{#{r.id.replace('.', '-').replace('_', '-')}}}\n")
            out.append(f"| | |\n|---|---|\n| {catches} | {_cell(r.title_zh if zh else r.title)} |")
            out.append(f"| {example} | `{_cell(texts[0]).replace('`', '')}` ({_LANG_NAMES[first_lang][pick]}) |")
            out.append(f"| {why} | {_cell(r.message_zh if zh else r.message)} |")
            if r.suggestion:
                out.append(f"| {instead} | {_cell((r.suggestion_zh if zh else r.suggestion) or r.suggestion)} |")
            out.append(f"| {severity} | {sev} |")
            out.append(f"| {languages} | {langs} |")
            out.append(f"| {source} | [{_cell(r.source['text'])}]({r.source['url']}) |\n")
    return "\n".join(out)
