"""Response shapes at the HTTP boundary; they also give the OpenAPI schema."""
from __future__ import annotations

from dataclasses import fields
from typing import Any, get_type_hints

from pydantic import BaseModel, Field, create_model

from core.index.document import Document, ProjectMeta
from search_api.hits import Hit


class FacetValue(BaseModel):
    value: str
    count: int
    selected: bool = Field(default=False, description="the request filters by this value; listed even when its count is 0")


class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="exact number of matching documents, near-duplicates counted once")
    page: int
    per_page: int
    total_pages: int = Field(description="pages of per_page hits, at most the first 1,000 results")
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = Field(description="did you mean: the query with rare words replaced by close, common index words")
    not_required: list[str] = Field(
        default_factory=list,
        description="no page holds every word of the query, so the hits are the pages holding the most of them: "
                    "these words (as typed) are missing from some hits; empty when every hit holds every word",
    )


class SimilarResponse(BaseModel):
    id: str
    key_words: list[str] = Field(description="the document's characteristic words the similar ones share")
    hits: list[Hit]


# The index's bookkeeping, not shown: the file's hash, the near-duplicate group and fingerprint.
INTERNAL_FIELDS = frozenset({"content_hash", "duplicate_group", "signature"})


def _document_response() -> type[BaseModel]:
    """`GET /documents/{id}`'s shape: the Document's own fields, its corpus file as `path`; derived
    from the dataclass, so a field added to Document is shown unless it is listed as internal."""
    hints = get_type_hints(Document)
    shown: dict[str, Any] = {"id": (str, ...), "path": (str, ...)}
    metadata = {field.name for field in fields(ProjectMeta)}
    for field in sorted(fields(Document), key=lambda field: field.name in metadata):  # the page first, then its metadata
        if field.name not in shown and field.name != "file" and field.name not in INTERNAL_FIELDS:
            shown[field.name] = (hints[field.name], ...)
    return create_model("DocumentResponse", **shown)


DocumentResponse = _document_response()


def document_response(document: Document) -> BaseModel:
    """The response for a document: its fields of the same names, its corpus file as `path`."""
    return DocumentResponse.model_validate(
        {name: document.file if name == "path" else getattr(document, name) for name in DocumentResponse.model_fields}
    )


class HealthResponse(BaseModel):
    status: str
    documents: int


class ErrorResponse(BaseModel):
    error: str = Field(description="machine-readable error code")
    message: str = Field(description="what is wrong, for a person")
    reason: str | None = Field(default=None, description="what is wrong, for a program: unclosed_quote, year_order, …")
    position: int | None = Field(default=None, description="query_syntax: the 1-based character of the query at fault")
