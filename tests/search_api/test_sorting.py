"""Year and budget order (browsing lists newest first): pages without the value come last, and a
hit's `score` is its relevance score or null, never the column's sort key."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from whoosh import index as whoosh_index
from whoosh.fields import ID, NUMERIC, Schema

from search_api.engine.ordering import ColumnOrders

Hit = dict[str, object]


def _all_hits(client: TestClient, **params: object) -> list[Hit]:
    hits: list[Hit] = []
    page = 1
    while True:
        response = client.get("/search", params={**params, "page": page, "per_page": 100})
        assert response.status_code == 200, response.text
        result = response.json()
        hits += result["hits"]
        if len(hits) >= result["total"]:
            return hits
        page += 1


def _newest_year(hit: Hit) -> int | None:
    years = hit["years"]
    assert isinstance(years, list)
    return max(years) if years else None


def _assert_descending_with_missing_last(keys: list[int | None]) -> None:
    present = [key for key in keys if key is not None]
    assert present and len(present) < len(keys), "the index needs pages with and without the value"
    assert keys[:len(present)] == sorted(present, reverse=True), keys  # every page without one comes after them


@pytest.mark.parametrize("params", [{}, {"sort": "year"}, {"q": "projekt", "sort": "year"}],
                         ids=["browse", "browse-by-year", "query-by-year"])
def test_newest_first_puts_pages_without_a_year_last(client: TestClient, params: dict[str, str]) -> None:
    _assert_descending_with_missing_last([_newest_year(hit) for hit in _all_hits(client, **params)])


@pytest.mark.parametrize("params", [{"sort": "budget"}, {"q": "projekt", "sort": "budget"}], ids=["browse", "query"])
def test_largest_first_puts_pages_without_an_amount_last(client: TestClient, params: dict[str, str]) -> None:
    keys = [hit["budget_huf"] for hit in _all_hits(client, **params)]
    _assert_descending_with_missing_last([key if isinstance(key, int) else None for key in keys])


@pytest.mark.parametrize("sort", ["relevance", "year", "budget"])
def test_browsing_shows_no_score(client: TestClient, sort: str) -> None:
    hits = _all_hits(client, sort=sort)
    assert hits and all(hit["score"] is None for hit in hits)


@pytest.mark.parametrize("sort", ["year", "budget"])
def test_a_sorted_query_shows_each_hits_relevance_score(client: TestClient, sort: str) -> None:
    # every page on its own: a duplicate group shows whichever copy comes first in the order
    relevance = {hit["id"]: hit["score"] for hit in _all_hits(client, q="projekt", collapse="false")}
    hits = _all_hits(client, q="projekt", sort=sort, collapse="false")
    assert len(hits) == len(relevance) > 10
    assert {hit["id"]: hit["score"] for hit in hits} == relevance


@pytest.fixture(scope="module")
def some_without_year(tmp_path_factory: pytest.TempPathFactory) -> whoosh_index.Index:
    """Two segments; every third page has no year."""
    schema = Schema(key=ID(stored=True, unique=True), year=NUMERIC(sortable=True))
    created = whoosh_index.create_in(str(tmp_path_factory.mktemp("years")), schema)
    for segment in range(2):
        writer = created.writer()
        for number in range(segment * 200, segment * 200 + 200):
            writer.add_document(key=str(number), **({} if number % 3 == 0 else {"year": 2000 + number % 17}))
        writer.commit(merge=False)
    return created


@pytest.mark.parametrize("share", [1.0, 0.04], ids=["walks-the-order", "sorts-the-few"])
def test_the_column_order_puts_pages_without_a_value_last(some_without_year: whoosh_index.Index, share: float) -> None:
    with some_without_year.searcher() as searcher:
        live = frozenset(searcher.reader().all_doc_ids())
        chosen = frozenset(sorted(live)[:: max(1, round(1 / share))])
        keys = {docnum: searcher.stored_fields(docnum)["key"] for docnum in chosen}
        expected_years = sorted(
            ((2000 + int(key) % 17 if int(key) % 3 else None, docnum) for docnum, key in keys.items()),
            key=lambda item: (item[0] is not None, item[0] or 0, item[1]), reverse=True,
        )
        order = [docnum for _, docnum in ColumnOrders(searcher, live).descending("year", chosen)]
        assert order == [docnum for _, docnum in expected_years]
        assert {year is None for year, _ in expected_years} == {True, False}
