"""Exact facet counts from a per-reader cache of each facet value's documents.

The cache is built once per index reader from the facet fields' postings (never from stored
fields per hit), so counting a result set is one set intersection per facet value.
"""
from __future__ import annotations

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
        self.documents: dict[str, dict[str, frozenset[int]]] = {}
        self.document_count = reader.doc_count()  # live documents: a scope this large is all of them
        for field in self.fields:
            self.documents[field] = {
                value: frozenset(reader.postings(field, value).all_ids()) for value in _field_values(reader, field)
            }

    def known_values(self, field: str) -> list[str]:
        return sorted(self.documents.get(field, {}))

    def documents_with_any(self, field: str, values: Iterable[str]) -> frozenset[int]:
        by_value = self.documents.get(field, {})
        selected: set[int] = set()
        for value in values:
            selected |= by_value.get(value, frozenset())
        return frozenset(selected)

    def count(self, field: str, docnums: Iterable[int]) -> list[FacetCount]:
        """Values sorted by count (highest first), then by value, for stable output.

        One set intersection per value (a facet has tens of values), not a pass over every
        document in Python: at 20,000 pages a browse's seven facets took 30+ ms that way."""
        scope = docnums if isinstance(docnums, (set, frozenset)) else frozenset(docnums)
        by_value = self.documents.get(field, {}).items()
        if len(scope) >= self.document_count:  # browsing everything: the counts are the values' sizes
            counts = ((value, len(documents)) for value, documents in by_value)
        else:
            counts = ((value, len(documents & scope)) for value, documents in by_value)
        return [FacetCount(value, count) for value, count in sorted(counts, key=lambda item: (-item[1], item[0])) if count]


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
    scopes: dict[str | None, frozenset[int]] = {}  # facets without a filter of their own share one scope
    for field in cache.fields:
        key = field if field in filters else None
        if key not in scopes:
            scope = matched
            for other, allowed in filters.items():
                if other != field:
                    scope = scope & allowed
            scopes[key] = distinct(scope)
        counts[field] = cache.count(field, scopes[key])
    return counts


def _field_values(reader: IndexReader, field: str) -> list[str]:
    if field not in reader.schema:
        return []
    return [term.decode("utf-8") if isinstance(term, bytes) else str(term) for term in reader.lexicon(field)]
