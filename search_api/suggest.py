"""Did-you-mean: the query with each suspect word replaced by a close, more frequent index word.

A word is suspect when no page spells it so (unless its stem alone finds plenty), or when the query
has few hits and fewer than COMMON pages spell it so. The closest index word (1 edit up to 8 letters,
2 from 9; a swap of two letters is 1) in more documents replaces it, spelt as the index most often
spells it and cased as typed. Operators, fields, codes and prefixes are left alone, so the
suggestion is itself a valid query.
"""
from __future__ import annotations

import re

from indexer.analysis import HUNGARIAN_STOPWORDS
from search_api.query import plain_words
from search_api.vocabulary import Vocabulary

COMMON = 3
FEW_HITS = 5
MIN_LETTERS = 4


def suggest(text: str, vocabulary: Vocabulary, *, total: int) -> str | None:
    """The corrected query, or None when every word looks right (or nothing closer is known);
    `total` is the number of hits the query has."""
    pieces: list[str] = []
    position = 0
    for span in plain_words(text):
        word = span.text
        if len(word) < MIN_LETTERS or word.lower() in HUNGARIAN_STOPWORDS:
            continue
        known = vocabulary.documents_with(word)
        few_hits = total < FEW_HITS
        if known >= COMMON or (known and not few_hits) or (not known and not few_hits and vocabulary.stem_documents(word) >= COMMON):
            continue
        budget = 2 if len(word) >= 9 else 1
        better = [correction for correction in vocabulary.corrections(word, budget) if correction.documents > known]
        if better:
            pieces += [text[position:span.start], _cased_like(better[0].word, word)]
            position = span.start + len(word)
    if not pieces:
        return None
    return "".join(pieces) + text[position:]


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
        corrected = re.sub(pattern, lambda _: project_id, corrected, count=1, flags=re.IGNORECASE)
    return corrected if corrected != text else None
