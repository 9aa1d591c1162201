"""Facet filters in the URL: matched as `field:value` in a query is, and always shown while ticked."""
from __future__ import annotations

import unicodedata

import pytest
from fastapi.testclient import TestClient

Result = dict[str, object]


def _search(client: TestClient, **params: object) -> Result:
    response = client.get("/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _values(result: Result, facet: str) -> list[dict[str, object]]:
    facets = result["facets"]
    assert isinstance(facets, dict)
    return facets[facet]  # type: ignore[no-any-return]


def _unaccented(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))


def _typed_loosely(client: TestClient, facet: str) -> tuple[str, str]:
    """The facet's most common value, and that value as a person types it in a URL: lower case,
    without accents, with an ASCII hyphen for an en dash."""
    value = str(_values(_search(client, per_page=1), facet)[0]["value"])
    return value, _unaccented(value).lower().replace("–", "-")


@pytest.mark.parametrize("facet", ["county", "period", "programme"])
def test_a_loosely_typed_filter_matches_as_the_query_syntax_does(client: TestClient, facet: str) -> None:
    value, typed = _typed_loosely(client, facet)
    assert typed != value  # the case, accents or dash differ
    exact = _search(client, **{facet: value})["total"]
    assert isinstance(exact, int) and exact > 0
    assert _search(client, **{facet: typed})["total"] == exact
    assert _search(client, q=f"{facet}:{typed}")["total"] == exact


def test_a_period_typed_with_a_hyphen_is_the_en_dash_period(client: TestClient) -> None:
    periods = [str(item["value"]) for item in _values(_search(client, per_page=1), "period")]
    value = next(period for period in periods if "–" in period)
    expected = _search(client, period=value)["total"]
    assert expected and _search(client, period=value.replace("–", "-"))["total"] == expected


def test_a_filter_by_initials_is_its_fund(client: TestClient) -> None:
    expected = _search(client, funder="Európai Szociális Alap")["total"]
    assert expected and _search(client, funder="ESZA")["total"] == expected == _search(client, q="funder:ESZA")["total"]


def test_a_selected_value_is_marked_under_its_stored_name(client: TestClient) -> None:
    value, typed = _typed_loosely(client, "county")
    result = _search(client, county=typed)
    marked = [item for item in _values(result, "county") if item["selected"]]
    assert marked == [{"value": value, "count": result["total"], "selected": True}]
    assert not any(item["selected"] for item in _values(result, "funder"))


def _funder_and_county_never_together(client: TestClient) -> tuple[str, str]:
    counties = {str(item["value"]) for item in _values(_search(client, per_page=1), "county")}
    for funder in _values(_search(client, per_page=1), "funder"):
        with_funder = {str(item["value"]) for item in _values(_search(client, funder=funder["value"], per_page=1), "county")}
        if counties - with_funder:
            return str(funder["value"]), sorted(counties - with_funder)[0]
    raise AssertionError("every funder meets every county in the test corpus")


def test_selected_values_with_no_hits_stay_listed_with_count_zero(client: TestClient) -> None:
    funder, county = _funder_and_county_never_together(client)
    result = _search(client, funder=funder, county=county)
    assert result["total"] == 0
    assert {"value": county, "count": 0, "selected": True} in _values(result, "county")
    assert {"value": funder, "count": 0, "selected": True} in _values(result, "funder")


def test_a_value_naming_nothing_is_listed_so_it_can_be_unticked(client: TestClient) -> None:
    result = _search(client, county="Atlantisz")
    assert result["total"] == 0
    counties = _values(result, "county")
    assert counties[-1] == {"value": "Atlantisz", "count": 0, "selected": True}
    assert not any(item["selected"] for item in counties[:-1])
