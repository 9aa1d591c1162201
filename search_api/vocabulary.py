"""The index's own words, for queries typed without accents.

A stemmer needs accents (`onkormanyzat` is not a word it knows), so an unaccented query word is
first mapped back to the accented surface forms the index holds (`önkormányzat`), whose stem keys
then reach every inflected form. Built once per reader from the exact-form terms.
"""
from __future__ import annotations

from collections import defaultdict

from whoosh.reading import IndexReader

from indexer.analysis import EXACT, fold

MAX_VARIANTS = 4
TEXT_FIELDS = ("title", "body")


class Vocabulary:
    def __init__(self, reader: IndexReader) -> None:
        variants: defaultdict[str, set[str]] = defaultdict(set)
        for field in TEXT_FIELDS:
            if field not in reader.schema:
                continue
            for term in reader.expand_prefix(field, EXACT):
                word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                surface = word[1:]
                folded = fold(surface)
                if folded != surface:
                    variants[folded].add(surface)
        self._variants = {folded: tuple(sorted(forms)[:MAX_VARIANTS]) for folded, forms in variants.items()}

    def accented_forms(self, word: str) -> tuple[str, ...]:
        """Accented words of the index that read as `word` without accents (none if it has accents)."""
        if fold(word) != word:
            return ()
        return self._variants.get(word, ())
