"""More like this: a document's characteristic words, as a query for the documents sharing them.

Key words are chosen without re-analysing the page (the stemmer is the slow part): the page's
plain tokens are weighed by tf × idf, with document frequencies of their exact forms in the index;
only the chosen few are stemmed, and their stem keys make the query (any inflected form matches).
"""
from __future__ import annotations

import math
from collections import Counter

from whoosh import query as wq
from whoosh.reading import IndexReader

from core.analysis.chain import ENGLISH_STOPWORDS, EXACT, HUNGARIAN_STOPWORDS, query_terms, tokens

KEY_WORDS = 12
MIN_LETTERS = 4
MAX_SCAN_CHARS = 50_000
MAX_SHARE = 0.5


def key_words(text: str, reader: IndexReader, *, field: str, language: str, count: int = KEY_WORDS) -> list[str]:
    """The `count` words of `text` most particular to it (frequent here, rare in the index)."""
    stopwords = ENGLISH_STOPWORDS if language == "en" else HUNGARIAN_STOPWORDS
    frequencies = Counter(
        word for word in tokens(text[:MAX_SCAN_CHARS])
        if len(word) >= MIN_LETTERS and word.isalpha() and word not in stopwords
    )
    documents = max(1, int(reader.doc_count()))
    weighted: list[tuple[float, str]] = []
    for word, frequency in frequencies.items():
        holding = int(reader.doc_frequency(field, EXACT + word))
        if 1 < holding <= documents * MAX_SHARE:  # a word no other page has, or most have, tells nothing
            weighted.append((frequency * math.log(documents / holding), word))
    weighted.sort(key=lambda item: (-item[0], item[1]))
    repeated = [word for _, word in weighted if frequencies[word] > 1]  # a word said once is seldom the topic
    return (repeated + [word for _, word in weighted if frequencies[word] == 1])[:count]


def similar_query(words: list[str], *, fields: tuple[str, ...], language: str) -> wq.Query:
    """Any of the words' stem keys in the given fields; more shared words rank higher."""
    keys = dict.fromkeys(query_terms(word, language=language)[0][0] for word in words)
    return wq.Or([wq.Term(name, key) for key in keys for name in fields]) if keys else wq.NullQuery
