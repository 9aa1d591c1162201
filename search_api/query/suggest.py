"""Did-you-mean: the query with each suspect word replaced by a close, more frequent index word.

A word is suspect when no page spells it so (unless its stem alone finds plenty), or when the query
has few hits and fewer than COMMON pages spell it so. The closest index word (1 edit up to 8 letters,
2 from 9; a swap of two letters is 1) in more documents replaces it, spelt as the index most often
spells it and cased as typed. Operators, fields, codes and prefixes are left alone, so the
suggestion is itself a valid query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.analysis.chain import HUNGARIAN_STOPWORDS, fold, query_terms, restore_accents
from search_api.query.parse import plain_words
from search_api.query.vocabulary import Vocabulary

COMMON = 3
FEW_HITS = 5
MIN_LETTERS = 4


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    # It replaces a word some page holds as typed: a rarer word, not a typo, so it is worth showing
    # only if it finds clearly more (search_api/search.py counts).
    replaces_held_word: bool


def suggest(text: str, vocabulary: Vocabulary, *, total: int) -> Suggestion | None:
    """The corrected query, or None when every word looks right (or nothing closer is known);
    `total` is the number of hits the query has."""
    spans = plain_words(text)
    language: str | None = None  # worked out for the first word that needs a correction
    pieces: list[str] = []
    position = 0
    replaces_held_word = False
    for span in spans:
        word = span.text
        if len(word) < MIN_LETTERS or word.lower() in HUNGARIAN_STOPWORDS:
            continue
        known = vocabulary.documents_with(word)
        few_hits = total < FEW_HITS
        if known >= COMMON or (known and not few_hits) or (not known and not few_hits and vocabulary.stem_documents(word) >= COMMON):
            continue
        budget = 2 if len(word) >= 9 else 1
        if language is None:
            language = vocabulary.language_of([span.text for span in spans])
        # A word some page holds is a real word: another of its forms is no correction. The key of
        # a word no page holds is a guess; only the dictionary's accented spelling of it
        # (ovodak → óvodák, already searched) says which lemma it is.
        lemmas = _lemmas(word, vocabulary) if known else {query_terms(spelling)[0][0] for spelling in restore_accents(word)}
        better = [
            correction for correction in vocabulary.corrections(word, budget, language=language)
            if correction.documents > known and _first_letter(correction.word) == _first_letter(word)
            and query_terms(correction.word.lower())[0][0] not in lemmas
        ]
        if better:
            pieces += [text[position:span.start], _cased_like(better[0].word, word)]
            position = span.start + len(word)
            replaces_held_word = replaces_held_word or known > 0
    if not pieces:
        return None
    return Suggestion("".join(pieces) + text[position:], replaces_held_word)


def _lemmas(word: str, vocabulary: Vocabulary) -> set[str]:
    """Stem keys of the typed word and of its accented spellings in the index: another form of the
    same word (óvodák → óvoda, Szentendre → Szentendrén) is no correction."""
    return {query_terms(spelling.lower())[0][0] for spelling in (word, *vocabulary.accented_forms(word.lower()))}


def _first_letter(word: str) -> str:
    """Typos spare a word's first letter: a correction must keep it (Lucene's DirectSpellChecker
    minPrefix 1), so `renovation` is not `innovation`."""
    return fold(word[:1].lower())


def _cased_like(word: str, typed: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def corrected_codes(text: str, corrections: list[tuple[str, str]]) -> str | None:
    """The query with each code that matched nothing replaced by the nearest project id."""
    corrected = text
    for typed, project_id in corrections:
        pattern = r"\s+".join(re.escape(piece) for piece in typed.split())
        corrected = re.sub(pattern, project_id.replace("\\", "\\\\"), corrected, count=1, flags=re.IGNORECASE)
    return corrected if corrected != text else None
