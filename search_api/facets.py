"""Exact facet counts from per-reader caches of each document's facet values.

The cache is built once per index reader from the facet fields' postings (never from stored
fields per hit), so counting a result set is one pass over its document numbers.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from whoosh.reading import IndexReader

from indexer.schema import FACET_FIELDS


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int


class FacetCache:
    """Facet values of every document of one reader, and the documents of every value."""

    def __init__(self, reader: IndexReader, fields: Iterable[str] = FACET_FIELDS) -> None:
        self.fields = tuple(fields)
        self.values: dict[str, dict[int, tuple[str, ...]]] = {}
        self.documents: dict[str, dict[str, frozenset[int]]] = {}
        for field in self.fields:
            by_value: dict[str, frozenset[int]] = {}
            by_document: dict[int, list[str]] = {}
            for value in _field_values(reader, field):
                docnums = frozenset(reader.postings(field, value).all_ids())
                by_value[value] = docnums
                for docnum in docnums:
                    by_document.setdefault(docnum, []).append(value)
            self.documents[field] = by_value
            self.values[field] = {docnum: tuple(values) for docnum, values in by_document.items()}

    def known_values(self, field: str) -> list[str]:
        return sorted(self.documents.get(field, {}))

    def documents_with_any(self, field: str, values: Iterable[str]) -> frozenset[int]:
        by_value = self.documents.get(field, {})
        selected: set[int] = set()
        for value in values:
            selected |= by_value.get(value, frozenset())
        return frozenset(selected)

    def count(self, field: str, docnums: Iterable[int]) -> list[FacetCount]:
        """Values sorted by count (highest first), then by value, for stable output."""
        values = self.values.get(field, {})
        counter: Counter[str] = Counter()
        for docnum in docnums:
            counter.update(values.get(docnum, ()))
        return [FacetCount(value, count) for value, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]


def facet_counts(
    cache: FacetCache,
    matched: frozenset[int],
    filters: Mapping[str, frozenset[int]],
    *,
    distinct: Callable[[frozenset[int]], frozenset[int]] = lambda docnums: docnums,
) -> dict[str, list[FacetCount]]:
    """Counts per facet over the matched documents narrowed by every *other* facet's filter.

    A facet ignores its own filter (Elasticsearch's post_filter), so ticking one funder keeps the
    other funders and their counts in view for a multi-select. `distinct` collapses near-duplicates,
    so a count is what ticking its value would give as the total.
    """
    counts: dict[str, list[FacetCount]] = {}
    for field in cache.fields:
        scope = matched
        for other, allowed in filters.items():
            if other != field:
                scope = scope & allowed
        counts[field] = cache.count(field, distinct(scope))
    return counts


def _field_values(reader: IndexReader, field: str) -> list[str]:
    if field not in reader.schema:
        return []
    return [term.decode("utf-8") if isinstance(term, bytes) else str(term) for term in reader.lexicon(field)]
