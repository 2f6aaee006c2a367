"""Which of the six buyer languages a message is written in.

Japanese is told by its script (kana, or kanji without Latin words). The five Latin-script languages are
told apart by counting their most frequent function words, which customer-service messages are full of.
This is deterministic, needs no model download and costs microseconds; statistical detectors (lingua)
are more accurate on single words, but a buyer message is sentences, not words.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "de", "fr", "es", "it", "ja")

_STOPWORDS = {
    "en": "the and you your we our for is are this that with have has will be to of it in on not please "
          "thank thanks can would if as at from by an order item was my me us all any been so do",
    "de": "der die das und sie ihr ihre ihnen wir uns unser unsere ist sind nicht mit für ein eine einen "
          "dem den des bitte vielen dank zu auf im ich es wenn haben wird werden bei von auch noch nach",
    "fr": "le la les et vous votre vos nous notre est sont pas avec pour un une des du de ce cette merci "
          "je en au aux si avez sera dans sur que qui ne très bien commande",
    "es": "el la los las y usted su sus nosotros nuestro nuestra es son no con para un una del de este "
          "esta gracias por en que si le lo ha muy pedido hemos hoy podemos puede al nos ustedes "
          "también pero",
    "it": "il lo la gli le e lei suo sua noi nostro nostra è sono non con per un una del della di questo "
          "questa grazie se ha abbiamo che ci molto ordine ti vi su sul sulla nel nella alla dal dalla oggi "
          "possiamo può gentile ecco lasci",
}
_WORD_LANGS: dict[str, list[str]] = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words.split():
        _WORD_LANGS.setdefault(_w, []).append(_lang)

_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[a-zà-öø-ÿß]+")
# Letters only one language uses: a strong hint on short texts.
_MARKS = {"de": re.compile(r"[äöüß]"), "fr": re.compile(r"[çœêèëîïôû]|\boù\b"), "es": re.compile(r"[ñ¿¡]"),
          "it": re.compile(r"[ìò]|\b(?:più|già|può|sarà|però|perché|cioè)\b")}


def sentence_language(folded: str) -> str | None:
    """The language of one sentence when it says so clearly (kana, or three or more function words of one
    language and at least twice as many as of any other); None when it is too short or mixed to tell."""
    if _KANA.search(folded):
        return "ja"
    scores = dict.fromkeys(_STOPWORDS, 0)
    for w in _WORD.findall(folded):
        for lang in _WORD_LANGS.get(w, ()):
            scores[lang] += 1
    ranked = sorted(scores.values(), reverse=True)
    best = max(scores, key=lambda k: scores[k])
    return best if ranked[0] >= 3 and ranked[0] >= 2 * ranked[1] else None


def detect_language(folded: str) -> str:
    """The language code of a lower-cased text; "en" when nothing points elsewhere."""
    return likely_languages(folded)[0]


def likely_languages(folded: str) -> list[str]:
    """The detected language first, then any other whose score comes close (short or mixed texts)."""
    if _KANA.search(folded):
        return ["ja"]
    words = _WORD.findall(folded)
    if _HAN.search(folded) and len(words) < 3:
        return ["ja"]
    scores = dict.fromkeys(_STOPWORDS, 0.0)
    for w in words:
        for lang in _WORD_LANGS.get(w, ()):
            scores[lang] += 1
    for lang, mark in _MARKS.items():
        if mark.search(folded):
            scores[lang] += 1.5
    ranked = sorted(scores, key=lambda k: (scores[k], k == "en"), reverse=True)
    best = scores[ranked[0]]
    if best == 0:
        return ["en"]
    return [ranked[0]] + [k for k in ranked[1:] if scores[k] >= max(1.0, 0.6 * best)]
