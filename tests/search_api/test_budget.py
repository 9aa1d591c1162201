"""Bounded work per request: a search past its time budget answers 503 in the one error shape."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.build import BuildReport
from search_api.errors import QueryTimeoutError
from search_api.http.app import create_app
from search_api.search import Deadline
from search_api.settings import ApiSettings


def test_search_over_its_time_budget_is_a_503(built_index: tuple[Path, BuildReport]) -> None:
    with TestClient(create_app(ApiSettings(index=built_index[0], query_budget_s=1e-9))) as client:
        response = client.get("/search", params={"q": "önkormányzat"})
    assert response.status_code == 503
    assert response.json()["error"] == "query_timeout"
    assert "budget" in response.json()["message"]


def test_per_page_is_capped(client: TestClient) -> None:
    assert client.get("/search", params={"per_page": 101}).status_code == 400


def test_the_budget_counts_the_requests_own_work_not_waiting() -> None:
    """Waiting (for the interpreter lock, behind other clients) is not the query's cost; working is."""
    deadline = Deadline(0.05)
    time.sleep(0.1)  # another thread's turn: wall time passes, this thread's CPU time does not
    deadline.check()
    started = time.thread_time()
    while time.thread_time() - started < 0.1:
        sum(range(1000))
    with pytest.raises(QueryTimeoutError):
        deadline.check()
