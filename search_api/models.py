"""Response shapes at the HTTP boundary; they also give the OpenAPI schema."""
from __future__ import annotations

from pydantic import BaseModel, Field


class FacetValue(BaseModel):
    value: str
    count: int


class HitModel(BaseModel):
    id: str
    path: str = Field(description="the page's path relative to the corpus folder")
    url: str | None
    title: str = Field(description="HTML: escaped title with <mark> around matched words")
    score: float
    snippet: str = Field(description="HTML: escaped best passage with <mark> around matched words")
    funder: list[str]
    programme: str | None
    project_id: str | None
    years: list[int]
    beneficiary: str | None
    county: str | None
    language: str
    kind: str
    budget_huf: int | None


class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="exact number of matching documents")
    page: int
    per_page: int
    took_ms: float
    hits: list[HitModel]
    facets: dict[str, list[FacetValue]]


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


class HealthResponse(BaseModel):
    status: str
    documents: int


class ErrorResponse(BaseModel):
    error: str = Field(description="machine-readable error code")
    message: str = Field(description="what is wrong, for a person")
