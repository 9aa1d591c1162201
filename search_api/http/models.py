"""Response shapes at the HTTP boundary; they also give the OpenAPI schema."""
from __future__ import annotations

from pydantic import BaseModel, Field

from core.index.document import Document
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


class DocumentResponse(BaseModel):
    id: str
    path: str
    url: str | None
    title: str
    text: str
    language: str
    languages: list[str]
    project_id: str | None
    programme: str | None
    funder: list[str]
    period: str | None
    years: list[int]
    start_date: str | None
    end_date: str | None
    budget_huf: int | None
    budget_eur: int | None
    support_rate: float | None
    beneficiary: str | None
    settlement: str | None
    county: str | None
    kind: str

    @classmethod
    def of(cls, document: Document) -> DocumentResponse:
        """The response for a document: its fields of the same names, its corpus file as `path`."""
        return cls.model_validate({
            name: document.file if name == "path" else getattr(document, name) for name in cls.model_fields
        })


class HealthResponse(BaseModel):
    status: str
    documents: int


class ErrorResponse(BaseModel):
    error: str = Field(description="machine-readable error code")
    message: str = Field(description="what is wrong, for a person")
    reason: str | None = Field(default=None, description="what is wrong, for a program: unclosed_quote, year_order, …")
    position: int | None = Field(default=None, description="query_syntax: the 1-based character of the query at fault")
