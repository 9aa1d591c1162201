"""Facet counts by set intersection equal a count over every document's stored values."""
from __future__ import annotations

from collections import Counter

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, Schema

from search_api.facets import FacetCache, facet_counts

FIELDS = ("funder", "year")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> whoosh_index.Index:
    folder = tmp_path_factory.mktemp("facets")
    schema = Schema(key=ID(stored=True, unique=True), funder=KEYWORD(stored=True, commas=True), year=ID(stored=True))
    created = whoosh_index.create_in(str(folder), schema)
    for segment in range(2):
        writer = created.writer()
        for number in range(segment * 300, segment * 300 + 300):
            funders = ",".join(name for step, name in ((2, "ERFA"), (3, "ESZA"), (5, "KA")) if number % step == 0)
            writer.add_document(key=str(number), funder=funders or "none", year=str(2010 + number % 7))
        writer.commit(merge=False)
    writer = created.writer()
    for deleted in range(0, 600, 11):
        writer.delete_by_term("key", str(deleted))
    writer.commit(merge=False)
    return created


def _expected(searcher: object, scope: frozenset[int], field: str) -> dict[str, int]:
    counter: Counter[str] = Counter()
    for docnum in scope:
        counter.update(str(searcher.stored_fields(docnum)[field]).split(","))  # type: ignore[attr-defined]
    return dict(counter)


@pytest.mark.parametrize("share", [1, 2, 7])
def test_counts_match_stored_values(index: whoosh_index.Index, share: int) -> None:
    with index.searcher() as searcher:
        cache = FacetCache(searcher.reader(), FIELDS)
        scope = frozenset(docnum for docnum in searcher.reader().all_doc_ids() if docnum % share == 0)
        for field in FIELDS:
            counts = cache.count(field, scope)
            assert {count.value: count.count for count in counts} == _expected(searcher, scope, field)
            assert [count.count for count in counts] == sorted((count.count for count in counts), reverse=True)


def test_each_facet_ignores_its_own_filter(index: whoosh_index.Index) -> None:
    with index.searcher() as searcher:
        cache = FacetCache(searcher.reader(), FIELDS)
        everything = frozenset(searcher.reader().all_doc_ids())
        esza = cache.documents_with_any("funder", ["ESZA"])
        counts = facet_counts(cache, everything, {"funder": esza})
        assert {c.value: c.count for c in counts["funder"]} == _expected(searcher, everything, "funder")
        assert {c.value: c.count for c in counts["year"]} == _expected(searcher, everything & esza, "year")
