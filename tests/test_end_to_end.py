"""The real service: uvicorn in a subprocess on a free loopback port, queried over HTTP."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from servers import running_server

from indexer.build import BuildReport


@pytest.fixture(scope="module")
def server(built_index: tuple[Path, BuildReport]) -> Iterator[str]:
    with running_server(built_index[0]) as base:
        yield base


def test_search_over_http(server: str) -> None:
    result = httpx.get(f"{server}/search", params={"q": "önkormányzat"}, timeout=10).json()
    assert result["total"] > 0
    seed = httpx.get(f"{server}/search", params={"q": "tanulmányút norvégiába"}, timeout=10).json()["hits"][0]
    assert seed["path"] == "seeds/000_9417f235a69b70c3.txt"
    assert "<mark>" in seed["snippet"]


def test_inflected_form_is_marked_over_http(server: str) -> None:
    hits = httpx.get(f"{server}/search", params={"q": "önkormányzat", "per_page": 50}, timeout=10).json()["hits"]
    marked = {word.lower() for hit in hits for word in re.findall(r"<mark>(.*?)</mark>", hit["snippet"])}
    assert marked - {"önkormányzat"}, marked  # önkormányzatok, önkormányzatoknak, önkormányzati …
    assert all(word.startswith("önkormányzat") for word in marked)


def test_facets_over_http_match_hits(server: str) -> None:
    result = httpx.get(f"{server}/search", params={"per_page": 100}, timeout=10).json()
    counted: dict[str, int] = {}
    for hit in result["hits"]:
        for funder in hit["funder"]:
            counted[funder] = counted.get(funder, 0) + 1
    assert result["total"] <= 100
    assert {item["value"]: item["count"] for item in result["facets"]["funder"]} == counted


def test_bad_query_over_http_is_4xx(server: str) -> None:
    response = httpx.get(f"{server}/search", params={"q": '"unclosed'}, timeout=10)
    assert response.status_code == 400
    assert "unclosed quotation mark" in response.json()["message"]
