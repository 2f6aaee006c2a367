"""check_message: disguised contact details found, offsets into the text as given, hard negatives left
alone, platform differences, language detection."""

from __future__ import annotations

import pytest

from snippets.errors import UserError
from snippets.messages import check_message
from snippets.messages.language import detect_language
from snippets.messages.normalize import fold

# (text, the exact original span that must be reported, category)
EVASIONS = [
    ("Mail: ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ thanks", "ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ", "external_contact"),
    ("Write to jo\u200bhn@gm\u200cail\u200d.com now", "jo\u200bhn@gm\u200cail\u200d.com", "external_contact"),
    ("Contact: john at gmail dot com please", "john at gmail dot com", "external_contact"),
    ("mail john[at]gmail[dot]com", "john[at]gmail[dot]com", "external_contact"),
    ("mail john (at) web (punkt) de", "john (at) web (punkt) de", "external_contact"),
    ("écrivez à paul arobase orange point fr", "paul arobase orange point fr", "external_contact"),
    ("escriba a ana arroba gmail punto com", "ana arroba gmail punto com", "external_contact"),
    ("scriva a gino chiocciola libero punto it", "gino chiocciola libero punto it", "external_contact"),
    ("連絡先 taro アットマーク yahoo ドット co ドット jp です", "taro アットマーク yahoo ドット co ドット jp",
     "external_contact"),
    ("メール info＠shop点jp まで", "info＠shop点jp", "external_contact"),
    ("j o h n @ g m a i l . c o m", "j o h n @ g m a i l . c o m", "external_contact"),
    ("see w w w . s h o p . c o m today", "w w w . s h o p . c o m", "external_link"),
    ("Go to раураl-help.com now", "раураl-help.com", "external_link"),       # Cyrillic р, а, у
    ("Fake: аmazon-refunds.com", "аmazon-refunds.com", "external_link"),      # Cyrillic а: not Amazon
    ("hxxps://evil.example.com/x ok", "hxxps://evil.example.com/x", "external_link"),
    ("visit myshop.de/sale", "myshop.de/sale", "external_link"),
    ("visit myshop dot com today", "myshop dot com", "external_link"),
    ("詳しくはmyshop。jpへ", "myshop。jp", "external_link"),
    ("Call +49 (0)30 / 1234-5678 today", "+49 (0)30 / 1234-5678", "external_contact"),
    ("Ring 0171.234.5678 now", "0171.234.5678", "external_contact"),
    ("phone: zero seven seven zero zero nine zero zero one two three", "zero seven seven zero zero nine zero zero one two three",
     "external_contact"),
    ("電話は〇九〇一二三四五六七八まで", "〇九〇一二三四五六七八", "external_contact"),
    ("お電話：０３－１２３４－５６７８", "０３－１２３４－５６７８", "external_contact"),
    ("Call 1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣ now", "1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣", "external_contact"),
    ("Add me 😀 on WhatsApp: +1 415 555 0100", "+1 415 555 0100", "external_contact"),
    ("Add me on W h a t s A p p", "W h a t s A p p", "external_contact"),
    ("Add me on w.h.a.t.s.a.p.p", "w.h.a.t.s.a.p.p", "external_contact"),
    ("Contact us on ＷｈａｔｓＡｐｐ", "ＷｈａｔｓＡｐｐ", "external_contact"),
    ("Contact us on WhаtsАpp", "WhаtsАpp", "external_contact"),                # Cyrillic а, А
    ("Write to jd at gmail.", "jd at gmail", "external_contact"),
    ("mail: tanaka＠yahoo", "tanaka＠yahoo", "external_contact"),
    ("Find us by searching our brand name on Google.", "searching our brand name on Google", "off_platform"),
]


@pytest.mark.parametrize(("text", "span", "category"), EVASIONS)
def test_disguised_contact_details_are_found_at_their_original_offsets(text, span, category):
    findings = [f for f in check_message(text) if f.category == category]
    assert findings, check_message(text)
    for f in findings:
        assert text[f.start:f.end] == f.match
    assert span in [f.match for f in findings]


HARD_NEGATIVES = [
    "Your order 113-1234567-1234567 has shipped.",
    "UPS tracking: 1Z999AA10123456784. USPS: 9400111899223857461234. Amazon Logistics: TBA123456789012.",
    "ヤマト運輸のお問い合わせ伝票番号は 1234-5678-9012 です。",
    "The item is ASIN B08N5WRWNW, SKU AB-1234-XL, lot 20260914, serial SN 4711-2026-0098.",
    "You paid $1,299.00 on 2026-11-20 at 14:30; the refund of €12,50 follows on 22.11.2026.",
    "Open Your Orders or go to https://www.amazon.com/gp/css/order-history to print the label.",
    "Your full refund of $39.99 has been processed to your original payment method.",
    "We will send you a replacement at no cost; no need to return the damaged one.",
    "Would you share your experience in a review? It helps other shoppers.",
    "You will receive an email from Amazon with the return label.",
    "Gift wrap was added and the gift message is printed without prices.",
    "The coupon was applied at checkout, so you paid less.",
    "We are at the depot at 5 pm; the parcel arrives at your door tomorrow.",
    "El punto es que el paquete llega mañana. Le point de vue du livreur est clair.",
    "The cable is in line with the charger. Firmware v1.2.3, file manual.pdf, e.g. step 4.",
    "単価＠100円、合計1,000円です。",
    "If the parcel does not arrive by Friday, just reply to this message and we will help.",
    "The outlook is good: we ship at gmail speed... I mean fast.",
    "Bottom line: your refund is on its way. The signal on the scanner was weak.",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_hard_negatives_are_not_flagged(text):
    assert [(f.rule, f.match) for f in check_message(text) if f.severity != "info"] == []


def test_marketplace_domains_depend_on_the_platform():
    text = "See the listing at amazon.com/dp/B08N5WRWNW or ebay.com/itm/123."
    amazon = [f.match for f in check_message(text, platform="amazon") if f.category == "external_link"]
    ebay = [f.match for f in check_message(text, platform="ebay") if f.category == "external_link"]
    assert amazon == ["ebay.com/itm/123"]
    assert ebay == ["amazon.com/dp/B08N5WRWNW"]


def test_severity_can_differ_per_platform():
    text = "Please leave us a 5-star review!"
    assert {f.severity for f in check_message(text, platform="amazon")} == {"error"}
    assert {f.severity for f in check_message(text, platform="ebay")} == {"warning"}


def test_findings_are_sorted_and_complete():
    text = "Leave 5 stars and get a $10 gift card. Mail me: a.b@gmail.com"
    findings = check_message(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert {f.category for f in findings} == {"review_incentive", "review_manipulation", "external_contact"}
    d = findings[0].to_dict()
    assert list(d) == ["rule", "category", "severity", "start", "end", "match", "message", "message_zh",
                       "suggestion"]


def test_offsets_are_code_points_after_astral_characters():
    text = "𝐇𝐢 😀 mail me: x.y@gmail.com"
    (f,) = [f for f in check_message(text) if f.category == "external_contact"]
    assert (f.start, f.match) == (text.index("x.y"), "x.y@gmail.com")


def test_fold_keeps_the_way_back():
    view = fold("Ａ\u200bＢ")
    assert view.text == "ab"
    assert view.original_span(0, 2) == (0, 3)


@pytest.mark.parametrize(("text", "lang"), [
    ("Thank you for your order, we will ship it today.", "en"),
    ("Vielen Dank für Ihre Bestellung, wir versenden sie heute.", "de"),
    ("Merci pour votre commande, nous l'expédions aujourd'hui.", "fr"),
    ("Gracias por su pedido, lo enviamos hoy.", "es"),
    ("Grazie per il suo ordine, lo spediamo oggi.", "it"),
    ("ご注文ありがとうございます。本日発送いたします。", "ja"),
])
def test_language_detection(text, lang):
    assert detect_language(fold(text).text) == lang


def test_bad_arguments_are_user_errors():
    with pytest.raises(UserError, match="platform"):
        check_message("hi", platform="etsy")
    with pytest.raises(UserError, match="language"):
        check_message("hi", lang="pt")
