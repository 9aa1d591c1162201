"""Bounded work per request: a search past its time budget answers 503 in the one error shape."""
from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from indexer.pipeline import BuildReport
from search_api.app import create_app
from search_api.settings import ApiSettings


def test_search_over_its_time_budget_is_a_503(built_index: tuple[Path, BuildReport]) -> None:
    with TestClient(create_app(ApiSettings(index=built_index[0], query_budget_s=1e-9))) as client:
        response = client.get("/search", params={"q": "önkormányzat"})
    assert response.status_code == 503
    assert response.json()["error"] == "query_timeout"
    assert "budget" in response.json()["message"]


def test_per_page_is_capped(client: TestClient) -> None:
    assert client.get("/search", params={"per_page": 101}).status_code == 400
