"""One result as the API shows it: stored fields, highlighted title and snippet, duplicate copies."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field
from whoosh.analysis import Analyzer

from core.index.document import split_values
from search_api.highlight import highlight_title, snippet


@dataclass(frozen=True, slots=True)
class Copy:
    """Another address of the same page (a near-duplicate collapsed into the hit)."""

    id: str
    path: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Hit:
    """One result, as the API returns it (its OpenAPI schema is read from these fields)."""

    id: str
    path: Annotated[str, Field(description="the page's path relative to the corpus folder")]
    url: str | None
    title: Annotated[str, Field(description="HTML: escaped title with <mark> around matched words")]
    score: Annotated[float | None, Field(description="relevance score, also when sorted by year or budget; null when browsing")]
    snippet: Annotated[str, Field(description="HTML: escaped best passage with <mark> around matched words")]
    funder: list[str]
    programme: str | None
    project_id: str | None
    years: list[int]
    beneficiary: str | None
    county: str | None
    language: str
    kind: str
    budget_huf: int | None
    also_at: Annotated[list[Copy], Field(description="near-duplicates of this page (same text elsewhere), collapsed into it")]


@dataclass(frozen=True, slots=True)
class Analyzers:
    hungarian: Analyzer
    english: Analyzer


def make_hit(
    stored: Mapping[str, object],
    score: float | None,
    terms: Mapping[str, frozenset[str]],
    analyzers: Analyzers,
    copies: list[Copy],
) -> Hit:
    """The hit of one stored document; `terms` are the query's positive terms per field."""
    english = stored.get("language") == "en"
    title_field, body_field = ("title_en", "body_en") if english else ("title", "body")
    analyzer = analyzers.english if english else analyzers.hungarian
    body_terms = terms.get(body_field, frozenset())
    title_terms = terms.get(title_field, frozenset()) | body_terms
    return Hit(
        id=str(stored["id"]),
        path=str(stored["path"]),
        url=_optional(stored.get("url")),
        title=highlight_title(str(stored.get("title") or ""), title_terms, analyzer),
        score=None if score is None else round(score, 4),
        snippet=snippet(str(stored.get("text") or ""), body_terms, analyzer),
        funder=split_values(stored.get("funder")),
        programme=_optional(stored.get("programme")),
        project_id=_optional(stored.get("project_id")),
        years=[int(year) for year in split_values(stored.get("year"))],
        beneficiary=_optional(stored.get("beneficiary")),
        county=_optional(stored.get("county")),
        language=str(stored.get("language") or "unknown"),
        kind=str(stored.get("kind") or "other"),
        budget_huf=_integer(stored.get("budget_huf")),
        also_at=copies,
    )


def copy_of(stored: Mapping[str, object]) -> Copy:
    return Copy(id=str(stored["id"]), path=str(stored["path"]), url=_optional(stored.get("url")))


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def _integer(value: object) -> int | None:
    return int(value) if isinstance(value, (int, float)) else None
