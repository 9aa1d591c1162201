"""Every error the service answers has the documented shape `{"error", "message"}`: routing's own
404 and 405 too, and a fault of ours (a 500) as well, without dropping the connection."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from indexer.build import BuildReport
from search_api.http.app import create_app
from search_api.settings import ApiSettings


@pytest.mark.parametrize(("method", "path", "status", "error"), [
    ("GET", "/nope", 404, "not_found"),
    ("GET", "/documents", 404, "not_found"),
    ("GET", "/static/nope.js", 404, "not_found"),
    ("POST", "/search", 405, "method_not_allowed"),
    ("DELETE", "/health", 405, "method_not_allowed"),
])
def test_routing_errors_have_the_documented_shape(client: TestClient, method: str, path: str, status: int, error: str) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.json() == {"error": error, "message": response.json()["message"]} and response.json()["message"]


def test_head_of_the_search_page_is_answered(client: TestClient) -> None:
    head = client.head("/")
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/html") and head.content == b""
    assert head.headers["content-security-policy"] == client.get("/").headers["content-security-policy"]


def test_a_server_fault_is_a_json_500(built_index: tuple[Path, BuildReport]) -> None:
    app = create_app(ApiSettings(index=built_index[0]))

    @app.get("/fault")
    def fault() -> None:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=True) as faulty:  # raise: a 500 must not come from an escaping error
        response = faulty.get("/fault")
        assert response.status_code == 500
        assert response.json() == {"error": "internal_error", "message": "the server failed to answer this request"}
        assert faulty.get("/health").status_code == 200
