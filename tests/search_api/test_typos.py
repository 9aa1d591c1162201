"""Typo tolerance and did-you-mean over the session index, and their building blocks."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.query.parse import WordSpan, plain_words
from search_api.query.vocabulary import edit_distance, typo_budget

NORWAY_SEED = "seeds/000_9417f235a69b70c3.txt"


def _search(client: TestClient, q: str, **params: object) -> dict:  # type: ignore[type-arg]
    response = client.get("/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(("word", "budget"), [("falu", 0), ("óvoda", 1), ("kalocsán", 1), ("tanulmány", 2), ("önkormányzatoknak", 2)])
def test_typo_budget_grows_with_length(word: str, budget: int) -> None:
    assert typo_budget(word) == budget


@pytest.mark.parametrize(("first", "second", "distance"), [("ovoda", "ovoda", 0), ("ovda", "ovoda", 1), ("fejelsztes", "fejlesztes", 1), ("norvegai", "norvegia", 1), ("abc", "cba", 2), ("", "abc", 3)])
def test_edit_distance(first: str, second: str, distance: int) -> None:
    assert edit_distance(first, second) == distance


def test_plain_words_skip_operators_fields_codes_and_prefixes() -> None:
    query = 'tanulmanyut OR "zöld varos" -norvgia funder:ESZA title:ovda fenntarth* EFOP-1.6.3 NOT park'
    assert plain_words(query) == (
        WordSpan(0, "tanulmanyut"), WordSpan(16, "zöld"), WordSpan(21, "varos"), WordSpan(29, "norvgia"),
        WordSpan(55, "ovda"), WordSpan(86, "park"),
    )


def test_a_misspelt_word_still_finds_the_page(client: TestClient) -> None:
    assert NORWAY_SEED in [hit["path"] for hit in _search(client, "tanulmányutt norvégia")["hits"]]
    assert NORWAY_SEED in [hit["path"] for hit in _search(client, "tanulmanyut norvegai")["hits"]]


def test_the_corrected_word_is_marked(client: TestClient) -> None:
    hit = next(hit for hit in _search(client, "norvegai")["hits"] if hit["path"] == NORWAY_SEED)
    assert "<mark>Norvégiába</mark>" in hit["title"]  # the headline is the title, not in the text
    assert "<mark>norvég</mark>" in hit["snippet"].lower()


def test_did_you_mean_corrects_each_misspelt_word_and_keeps_the_syntax(client: TestClient) -> None:
    result = _search(client, 'tanulmányutt "norvegai"')
    assert result["suggestion"] == 'tanulmányút "norvégia"' or result["suggestion"] == 'tanulmányutat "norvégia"'


def test_did_you_mean_keeps_case(client: TestClient) -> None:
    assert _search(client, "Norvegai")["suggestion"] == "Norvégia"


def test_no_suggestion_for_words_spelt_right(client: TestClient) -> None:
    assert _search(client, "tanulmányút norvégia")["suggestion"] is None


def test_nothing_close_gives_no_suggestion(client: TestClient) -> None:
    result = _search(client, "qqqxxxzzz")
    assert result["total"] == 0 and result["suggestion"] is None


def test_a_query_typed_with_combining_marks_finds_what_the_composed_one_does(client: TestClient) -> None:
    """macOS and some pages write `é` as `e` and a combining acute (NFD)."""
    composed, decomposed = _search(client, "fejlesztés"), _search(client, "fejleszte\u0301s")
    assert composed["total"] > 0 and decomposed["total"] == composed["total"]
