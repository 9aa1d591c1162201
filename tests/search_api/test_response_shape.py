"""The response shape (close to Meilisearch's), more-like-this and the web page, over the session index."""
from __future__ import annotations

from fastapi.testclient import TestClient

NORWAY_SEED = "seeds/000_9417f235a69b70c3.txt"


def test_search_response_has_the_documented_keys(client: TestClient) -> None:
    body = client.get("/search", params={"q": "önkormányzat", "per_page": 3}).json()
    assert set(body) == {"query", "total", "page", "per_page", "total_pages", "took_ms", "hits", "facets", "suggestion", "not_required"}
    assert body["total_pages"] == -(-body["total"] // 3)
    assert len(body["hits"]) == 3
    assert all(hit["also_at"] == [] for hit in body["hits"])  # the session corpus has no copies


def test_total_pages_stop_at_the_paging_window(client: TestClient) -> None:
    body = client.get("/search", params={"per_page": 1}).json()
    assert body["total"] > 0 and body["total_pages"] == min(body["total"], 1000)
    last = client.get("/search", params={"per_page": 1, "page": body["total_pages"]}).json()
    assert len(last["hits"]) == 1


def test_deep_paging_says_why_it_stops(client: TestClient) -> None:
    response = client.get("/search", params={"page": 11, "per_page": 100})
    assert response.status_code == 400
    assert "first 1000 results" in response.json()["message"]


def test_similar_documents_share_words_and_leave_out_the_document(client: TestClient) -> None:
    seed = next(hit for hit in client.get("/search", params={"q": "tanulmányút norvégia"}).json()["hits"] if hit["path"] == NORWAY_SEED)
    body = client.get(f"/documents/{seed['id']}/similar").json()
    assert body["id"] == seed["id"] and body["key_words"]
    ids = [hit["id"] for hit in body["hits"]]
    assert ids and seed["id"] not in ids
    assert any("<mark>" in hit["snippet"] or "<mark>" in hit["title"] for hit in body["hits"])


def test_similar_of_an_unknown_document_is_404(client: TestClient) -> None:
    response = client.get("/documents/nope/similar")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_search_page_is_served_in_hungarian(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="hu">' in page.text and "/static/app.js" in page.text
    script = client.get("/static/app.js")
    assert script.status_code == 200 and "innerHTML = hit.snippet" in script.text
    assert "/" not in client.get("/openapi.json").json()["paths"]


def test_document_response_fields_are_the_documents_own() -> None:
    """One field list: /documents shows the Document's fields by their names (its file as `path`),
    so a field added to Document is either shown or deliberately left out of the response."""
    from dataclasses import fields

    from core.index.document import Document
    from search_api.http.models import INTERNAL_FIELDS, DocumentResponse

    assert set(DocumentResponse.model_fields) == {field.name for field in fields(Document)} - INTERNAL_FIELDS - {"file"} | {"path"}
    assert list(DocumentResponse.model_fields)[:2] == ["id", "path"]
