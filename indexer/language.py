"""Language of the cleaned text: a stopword fast path for clear cases, seeded langdetect otherwise."""
from __future__ import annotations

import re
from dataclasses import dataclass

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0  # langdetect samples randomly; a fixed seed makes it deterministic

_WORD = re.compile(r"[^\W\d_]+")
_HU_STOP = frozenset(
    "a az és hogy nem is egy ez azt ami amely volt van lesz meg már csak mint vagy de még el ki be fel "
    "le ha pedig között szerint során által számára valamint illetve keretében projekt után alatt".split()
)
_EN_STOP = frozenset(
    "the and of to in is for on with that by this are was be as at from it an or which will has have "
    "were their its project".split()
)
_SAMPLE_CHARS = 3000
_GLOSS = re.compile(r"[a-záéíóöőúüű]/[A-Z][a-z]")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str  # ISO 639-1, or "unknown" for text without letters
    languages: tuple[str, ...]  # every language holding a real share of the text, main first


def detect_language(text: str) -> LanguageGuess:
    """Guess the page's language; never raises, `unknown` when the text has no words."""
    words = [w.lower() for w in _WORD.findall(text[:_SAMPLE_CHARS])]
    if not words:
        return LanguageGuess("unknown", ())
    hu = sum(w in _HU_STOP for w in words) / len(words)
    en = sum(w in _EN_STOP for w in words) / len(words)
    if hu > 0.12 and en < 0.03:
        return LanguageGuess("hu", ("hu",))
    if en > 0.12 and hu < 0.03:
        return LanguageGuess("en", ("en",))
    try:
        guesses = detect_langs(text[:_SAMPLE_CHARS * 2])
    except LangDetectException:
        return LanguageGuess("unknown", ())
    languages = tuple(g.lang for g in guesses if g.prob >= 0.2)
    main = languages[0] if languages else guesses[0].lang
    if {"hu", "en"} <= {main, *languages} or (hu > 0.05 and en > 0.05):
        # Both present: bilingual label pages (`Projektgazda/Project Promoter`) are Hungarian with
        # glosses, English pages carry Hungarian names and a `Beküldte` line. The stopword shares
        # tell them apart (c2000: Hungarian pages hu ≥ 0.17, en ≤ 0.08; English en ≥ 0.23, hu ≤ 0.08).
        # Labels glossed with a slash (`Projektgazda/Project Promoter`) mark a Hungarian page.
        glossed = len(_GLOSS.findall(text[:_SAMPLE_CHARS])) >= 2
        return LanguageGuess("hu", ("hu", "en")) if glossed or hu >= en else LanguageGuess("en", ("en", "hu"))
    return LanguageGuess(main, languages or (main,))
