"""Queries an attacker or a careless paste sends: joiners alone, deep nesting, long runs of exclusions.

Each answered 500 once (an empty term reached the highlighter; the parser recursed per level);
they must answer 200 with the meaning the query language gives them, or 400 saying what is wrong.
"""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.errors import QuerySyntaxError
from search_api.highlight import find_matches
from search_api.query.parse import MAX_NESTING, Not, Phrase, Word, parse_query


def _ids(client: TestClient, q: str) -> list[str]:
    response = client.get("/search", params={"q": q, "per_page": 100, "collapse": "false"})
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["hits"]]


@pytest.mark.parametrize(("query", "same_as"), [
    ("_ OR óvoda", "óvoda"), ("__ OR projekt", "projekt"), ("_ | önkormányzat", "önkormányzat"),
    ('"_ óvoda"', "óvoda"),
])
def test_a_lone_underscore_is_no_word(client: TestClient, query: str, same_as: str) -> None:
    expected = _ids(client, same_as)
    assert expected  # the word alone finds pages, so the comparison can fail
    assert _ids(client, query) == expected


@pytest.mark.parametrize("query", ["title:_ OR óvoda", "funder:_", "id:_", "beneficiary:__ óvoda", "_*", "year:_"])
def test_a_lone_underscore_in_a_field_is_no_server_error(client: TestClient, query: str) -> None:
    assert client.get("/search", params={"q": query}).status_code in (200, 400)


def test_an_empty_term_marks_nothing() -> None:
    class NoAnalyzer:
        def __call__(self, text: str) -> list[object]:
            raise AssertionError("nothing may be analysed for an empty term")

    assert find_matches("óvoda _ épül", frozenset({""}), NoAnalyzer()) == []


def test_parentheses_nested_too_deep_are_a_400_that_says_so(client: TestClient) -> None:
    query = "(" * 250 + "óvoda" + ")" * 250
    response = client.get("/search", params={"q": query})
    assert response.status_code == 400
    assert response.json()["error"] == "query_syntax"
    assert f"nested more than {MAX_NESTING} deep" in response.json()["message"]


def test_parentheses_nested_up_to_the_limit_are_a_query(client: TestClient) -> None:
    query = "(" * MAX_NESTING + "óvoda" + ")" * MAX_NESTING
    assert _ids(client, query) == _ids(client, "óvoda")


@pytest.mark.parametrize("minuses", [1, 2, 3, 500, 501])
def test_a_run_of_minuses_excludes_by_its_parity(client: TestClient, minuses: int) -> None:
    query = "önkormányzat " + "-" * minuses + "óvoda"
    expected = _ids(client, "önkormányzat -óvoda" if minuses % 2 else "önkormányzat óvoda")
    assert expected
    assert sorted(_ids(client, query)) == sorted(expected)


@pytest.mark.parametrize(("query", "tree"), [
    ("-" * 500 + "a", Word("a")), ("-" * 499 + "a", Not(Word("a"))), ("NOT " * 201 + "a", Not(Word("a"))),
    ("--(a)", Word("a")), ('---"a b"', Not(Phrase(("a", "b")))), ("---", None), ("NOT -a", Word("a")),
])
def test_exclusions_are_read_without_recursion(query: str, tree: object) -> None:
    assert parse_query(query) == tree


def test_nesting_error_points_at_the_parenthesis_too_deep() -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse_query("a " + "(" * (MAX_NESTING + 1) + "b" + ")" * (MAX_NESTING + 1))
    assert raised.value.position == 2 + MAX_NESTING
