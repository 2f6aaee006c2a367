"""Every data file's shape is checked on load, and a broken file names the file, the entry and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from snippets.datafiles import load_yaml
from snippets.errors import UserError

DATA = Path(__file__).resolve().parent.parent / "snippets" / "data"


@pytest.mark.parametrize("name", ["metrics", "column_aliases", "deadlines", "glossary", "report_targets",
                                  "template_placeholders", "message_subjects"])
def test_the_shipped_file_is_valid(name):
    load_yaml(DATA / f"{name}.yaml", name)


def _broken(tmp_path, name, change) -> Path:
    data = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, change, expected", [
    ("metrics", lambda d: d["platforms"]["amazon"]["metrics"][4]["window"].pop("days"),
     r"platforms\.amazon\.metrics\[4\] \(late_shipment_rate_10d\)\.window: 'days' is a required property"),
    ("metrics", lambda d: d["platforms"]["ebay"]["metrics"][0]["window"].pop("min_orders"),
     r"platforms\.ebay\.metrics\[0\] \(transaction_defect_rate\)\.window: 'min_orders' is a dependency of 'fallback_days'"),
    ("metrics", lambda d: d["platforms"]["amazon"]["metrics"][0].update(target={"op": "<", "value": 1.5}),
     r"order_defect_rate\)\.target: .* is not valid"),
    ("column_aliases", lambda d: d["fields"]["order_id"].pop("kind"), r"fields\.order_id: 'kind' is a required property"),
    ("column_aliases", lambda d: d["fields"].pop("purchase_date"), r"fields: 'purchase_date' is a required property"),
    ("glossary", lambda d: d[1].pop("definition_en"), r"\[1\] \(negative_feedback\): 'definition_en' is a required"),
    ("glossary", lambda d: d[0].update(zh_aliases="ODR"), r"\[0\] \(order_defect_rate\)\.zh_aliases: 'ODR' is not of type"),
    ("glossary", lambda d: d[0].update(colour="red"), r"\(order_defect_rate\): Additional properties .*'colour'"),
    ("report_targets", lambda d: d["targets"]["amazon"][0]["target"].update(value=5),
     r"targets\.amazon\[0\] \(invoice_defect_rate\)\.target\.value: 5 is greater than the maximum of 1 "
     r"\(a rate is a fraction"),
    ("report_targets", lambda d: d["targets"]["amazon"][1].pop("source"),
     r"targets\.amazon\[1\] \(contact_response_time\): 'source' is a required property"),
    ("report_targets", lambda d: d["targets"].update(etsy=[]), r"targets: 'etsy' is not one of"),
])
def test_a_broken_file_names_file_entry_and_problem(tmp_path, name, change, expected):
    path = _broken(tmp_path, name, change)
    with pytest.raises(UserError, match=expected) as err:
        load_yaml(path, name)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("path", sorted((DATA / "templates").glob("*.yaml")), ids=lambda p: p.stem)
def test_each_shipped_template_file_is_valid(path):
    load_yaml(path, "template")


@pytest.mark.parametrize("name, change, expected", [
    ("template_placeholders", lambda d: d["order_id"]["examples"]["en"].pop(),
     r"order_id\.examples\.en: \['113-4567890-1234567'\] is too short \(two realistic values\)"),
    ("template_placeholders", lambda d: d["order_id"].pop("zh"), r"order_id: 'zh' is a required property"),
    ("template_placeholders", lambda d: d["order_id"]["examples"].update(pt=["a", "b"]),
     r"order_id\.examples: 'pt' is not one of"),
    ("message_subjects", lambda d: d["additional_information_required"]["sources"][0].update(url="http://x"),
     r"additional_information_required\.sources\[0\]\.url: 'http://x' does not match"),
    ("message_subjects", lambda d: d["additional_information_required"]["note"].pop("en"),
     r"additional_information_required\.note: 'en' is a required property"),
])
def test_a_broken_template_data_file_names_file_entry_and_problem(tmp_path, name, change, expected):
    path = _broken(tmp_path, name, change)
    with pytest.raises(UserError, match=expected) as err:
        load_yaml(path, name)
    assert str(path) in str(err.value)


def test_the_schemas_list_the_languages_and_platforms_of_markets():
    """The schemas spell out buyer languages and platforms (JSON Schema has no import); they must match the one
    definition in snippets/markets.py."""
    from snippets.markets import BUYER_LANGUAGES, PLATFORMS

    schemas = DATA / "schemas"
    template = yaml.safe_load((schemas / "template.schema.yaml").read_text(encoding="utf-8"))
    assert tuple(template["$defs"]["reply_text"]["required"]) == BUYER_LANGUAGES
    reply = template["$defs"]["template"]["allOf"][0]["then"]["properties"]
    assert tuple(reply["known_checker_false_alarm"]["propertyNames"]["enum"]) == BUYER_LANGUAGES
    placeholders = yaml.safe_load((schemas / "template_placeholders.schema.yaml").read_text(encoding="utf-8"))
    assert tuple(placeholders["additionalProperties"]["properties"]["examples"]["propertyNames"]["enum"]) == BUYER_LANGUAGES
    targets = yaml.safe_load((schemas / "report_targets.schema.yaml").read_text(encoding="utf-8"))
    assert tuple(targets["properties"]["targets"]["propertyNames"]["enum"]) == PLATFORMS
    deadlines = yaml.safe_load((schemas / "deadlines.schema.yaml").read_text(encoding="utf-8"))
    assert tuple(deadlines["properties"]["deadlines"]["items"]["properties"]["platform"]["enum"]) == PLATFORMS


def test_the_rules_schema_lists_the_values_the_checker_knows():
    """rules.schema.yaml spells out the enums; they must be the checker's own constants, in the same order."""
    from snippets.markets import PLATFORMS
    from snippets.messages.language import LANGUAGES
    from snippets.messages.rules import CATEGORIES, DETECTORS, SEVERITIES

    schema = yaml.safe_load((DATA / "schemas" / "rules.schema.yaml").read_text(encoding="utf-8"))
    rule = schema["$defs"]["rule"]["properties"]
    assert tuple(rule["category"]["enum"]) == CATEGORIES
    assert tuple(schema["$defs"]["severity"]["enum"]) == SEVERITIES
    assert tuple(rule["platforms"]["items"]["enum"]) == PLATFORMS
    assert tuple(rule["platform_severity"]["propertyNames"]["enum"]) == PLATFORMS
    assert tuple(rule["detector"]["enum"]) == DETECTORS
    assert tuple(schema["$defs"]["language"]["enum"]) == LANGUAGES
    assert tuple(rule["languages"]["items"]["enum"]) == (*LANGUAGES, "*")


def test_the_checker_data_schemas_list_the_languages_and_platforms():
    """context.schema.yaml and contact_forms.schema.yaml spell out the checker's languages and the platforms."""
    from snippets.markets import PLATFORMS
    from snippets.messages.language import LANGUAGES

    context = yaml.safe_load((DATA / "schemas" / "context.schema.yaml").read_text(encoding="utf-8"))
    assert tuple(context["$defs"]["language"]["enum"]) == LANGUAGES
    forms = yaml.safe_load((DATA / "schemas" / "contact_forms.schema.yaml").read_text(encoding="utf-8"))
    assert tuple(forms["properties"]["marketplace_domains"]["propertyNames"]["enum"]) == PLATFORMS
