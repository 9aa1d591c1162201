"""A 400 names its problem for programs too (`reason`, and `position` in the query), so the search
page can say it in Hungarian; every reason the API gives has the page's wording."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

SEARCH_API = Path(__file__).parent.parent.parent / "search_api"


@pytest.mark.parametrize("query,reason,position", [
    ('óvoda "zöld város', "unclosed_quote", 7),
    ("(óvoda OR bölcsőde", "unclosed_parenthesis", 1),
    ("óvoda)", "unopened_parenthesis", 6),
    ("óvoda NOT", "empty_not", 7),
    ("county:", "missing_value", 7),
    ("year:20x", "year_format", 6),
    ("year:2018..2015", "year_order", 6),
])
def test_a_syntax_error_names_its_reason_and_position(client: TestClient, query: str, reason: str, position: int) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code == 400
    body = response.json()
    assert (body["error"], body["reason"], body["position"]) == ("query_syntax", reason, position)
    assert f"at position {position}:" in body["message"]


def test_a_reversed_year_range_names_its_reason(client: TestClient) -> None:
    body = client.get("/search", params={"year_from": 2015, "year_to": 2012}).json()
    assert (body["error"], body["reason"]) == ("bad_request", "year_order")
    assert "position" not in body


def test_an_error_without_a_reason_keeps_the_plain_shape(client: TestClient) -> None:
    assert client.get("/documents/nincs-ilyen").json().keys() == {"error", "message"}


def test_every_reason_has_the_pages_hungarian_wording() -> None:
    given = {
        reason for module in SEARCH_API.rglob("*.py") for reason in re.findall(r'reason="(\w+)"', module.read_text("utf-8"))
    }
    script = (SEARCH_API / "http" / "static" / "app.js").read_text("utf-8")
    table = re.search(r"const REASONS = \{(.*?)\};", script, re.S)
    assert table is not None
    worded = set(re.findall(r"(\w+):", table.group(1)))
    assert len(given) >= 9 and given <= worded, given - worded
