"""The HTTP API over an index of the seeds, hand-made pages and sample pages."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.build import BuildReport

NORWAY_SEED = "seeds/000_9417f235a69b70c3.txt"
ZALA_SEED = "seeds/001_b9bd5aaae57fa3c2.txt"


def _search(client: TestClient, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _paths(result: dict) -> list[str]:  # type: ignore[type-arg]
    return [hit["path"] for hit in result["hits"]]


def test_hungarian_query_finds_the_seed(client: TestClient) -> None:
    assert _paths(_search(client, q="tanulmányút norvégia"))[0] == NORWAY_SEED


def test_query_without_accents_finds_the_seed(client: TestClient) -> None:
    assert NORWAY_SEED in _paths(_search(client, q="tanulmanyut norvegiaba"))


def test_another_inflected_form_finds_the_seed(client: TestClient) -> None:
    assert ZALA_SEED in _paths(_search(client, q="felzárkózási együttműködés zala"))


def test_snippet_marks_an_inflected_form(client: TestClient) -> None:
    hit = next(h for h in _search(client, q="önkormányzat", per_page=50)["hits"] if h["path"] == NORWAY_SEED)
    assert "<mark>önkormányzatoknak</mark>" in hit["snippet"] or "<mark>önkormányzatok</mark>" in hit["snippet"]


def test_project_id_finds_its_project_first(client: TestClient) -> None:
    assert _paths(_search(client, q="EFOP-1.6.3-17-2017-00004"))[0] == ZALA_SEED
    assert _paths(_search(client, q="id:EFOP-1.6.3.-17-2017-00004"))[0] == ZALA_SEED


def test_browse_lists_every_document(client: TestClient, built_index: tuple[Path, BuildReport]) -> None:
    _, report = built_index
    assert _search(client, collapse="false")["total"] == report.indexed  # near-duplicates counted too


def _all_hits(client: TestClient, **params: object) -> list[dict]:  # type: ignore[type-arg]
    hits, page = [], 1
    while True:
        result = _search(client, page=page, per_page=100, **params)
        hits += result["hits"]
        if len(hits) >= result["total"]:
            return hits
        page += 1


@pytest.mark.parametrize("facet,key", [("funder", "funder"), ("year", "years"), ("language", "language"), ("kind", "kind")])
def test_facet_counts_match_the_documents(client: TestClient, facet: str, key: str) -> None:
    hits = _all_hits(client)
    expected: Counter[str] = Counter()
    for hit in hits:
        values = hit[key] if isinstance(hit[key], list) else [hit[key]]
        expected.update(str(value) for value in values)
    facets = _search(client)["facets"][facet]
    assert {item["value"]: item["count"] for item in facets} == dict(expected)
    assert [item["count"] for item in facets] == sorted((item["count"] for item in facets), reverse=True)


def test_funder_filter_narrows_to_its_count_and_keeps_other_funders_visible(client: TestClient) -> None:
    funders = _search(client)["facets"]["funder"]
    assert len(funders) >= 2
    chosen = funders[0]
    narrowed = _search(client, funder=chosen["value"])
    assert narrowed["total"] == chosen["count"]
    assert all(chosen["value"] in hit["funder"] for hit in narrowed["hits"])
    assert {item["value"] for item in narrowed["facets"]["funder"]} == {item["value"] for item in funders}


def test_two_funders_are_or_and_year_is_and(client: TestClient) -> None:
    funders = _search(client)["facets"]["funder"]
    both = _search(client, funder=[funders[0]["value"], funders[1]["value"]])
    assert both["total"] >= max(funders[0]["count"], funders[1]["count"])
    year = _search(client, funder=funders[0]["value"])["facets"]["year"][0]
    narrowed = _search(client, funder=funders[0]["value"], year=int(year["value"]))
    assert narrowed["total"] == year["count"]
    assert all(int(year["value"]) in hit["years"] for hit in narrowed["hits"])


def test_phrase_requires_adjacent_words(client: TestClient) -> None:
    loose = _search(client, q="önkormányzatok szövetsége")["total"]
    phrase = _search(client, q='"Önkormányzatok Országos Szövetsége"')
    assert NORWAY_SEED in _paths(phrase)
    assert phrase["total"] <= loose


def test_exclusion_removes_pages(client: TestClient) -> None:
    with_word = _paths(_search(client, q="tanulmányút", per_page=50))
    without = _paths(_search(client, q="tanulmányút -norvégia", per_page=50))
    assert NORWAY_SEED in with_word and NORWAY_SEED not in without


def test_or_widens(client: TestClient) -> None:
    a = _search(client, q="norvégia")["total"]
    b = _search(client, q="kunszentmiklós")["total"]
    assert _search(client, q="norvégia OR kunszentmiklós")["total"] == a + b


def test_document_and_unknown_document(client: TestClient) -> None:
    hit = _search(client, q="tanulmányút norvégia")["hits"][0]
    document = client.get(f"/documents/{hit['id']}").json()
    assert document["path"] == NORWAY_SEED
    assert "Bergenben" in document["text"]
    missing = client.get("/documents/does-not-exist")
    assert missing.status_code == 404
    assert "does-not-exist" in missing.json()["message"]


@pytest.mark.parametrize(
    "params",
    [{"page": 0}, {"per_page": 101}, {"year": "abc"}, {"q": '"unclosed'}, {"q": "(a"}, {"sort": "size"},
     {"page": 200, "per_page": 100}, {"year_from": 2020, "year_to": 2010}],
)
def test_bad_requests_get_400_with_a_message(client: TestClient, params: dict) -> None:  # type: ignore[type-arg]
    response = client.get("/search", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] and body["message"]


def test_health_counts_documents(client: TestClient, built_index: tuple[Path, BuildReport]) -> None:
    assert client.get("/health").json() == {"status": "ok", "documents": built_index[1].indexed}


def test_openapi_documents_the_query_language(client: TestClient) -> None:
    assert "year:2015..2018" in client.get("/openapi.json").json()["info"]["description"]


def test_collapse_parameter_is_a_boolean(client: TestClient) -> None:
    assert client.get("/search", params={"collapse": "false"}).status_code == 200
    response = client.get("/search", params={"collapse": "maybe"})
    assert response.status_code == 400
    assert "collapse" in response.json()["message"]
