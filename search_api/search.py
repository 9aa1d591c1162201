"""Compile the query tree to Whoosh, run it with filters, facets, sorting and highlights.

One `SearchService` per process keeps a searcher open and refreshes it only when the index has
a new commit or a new generation, so requests never open the index themselves.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq
from whoosh.index import Index
from whoosh.searching import Searcher

from indexer.analysis import english_analyzer, hungarian_analyzer
from indexer.errors import IndexMissingError
from indexer.write import current_generation, open_index
from search_api.compile import QueryCompiler, positive_terms
from search_api.errors import BadRequestError, IndexUnavailableError, NotFoundError
from search_api.facets import FacetCache, FacetCount, facet_counts
from search_api.highlight import highlight_title, snippet
from search_api.query import parse_query
from search_api.vocabulary import Vocabulary

MAX_RESULTS_WINDOW = 1000
SORTS = ("relevance", "year", "budget")
FACET_FILTER_FIELDS = ("funder", "programme", "period", "year", "county", "language", "kind")


@dataclass(frozen=True, slots=True)
class SearchRequest:
    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    budget_min: int | None = None
    budget_max: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    path: str
    url: str | None
    title: str
    score: float
    snippet: str
    funder: list[str]
    programme: str | None
    project_id: str | None
    years: list[int]
    beneficiary: str | None
    county: str | None
    language: str
    kind: str
    budget_huf: int | None


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]


class SearchService:
    """The open index and everything cached per reader; thread-safe for concurrent requests."""

    def __init__(self, index_root: Path) -> None:
        self.index_root = index_root
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._index: Index | None = None
        self._searcher: Searcher | None = None
        self._facets: FacetCache | None = None
        self._vocabulary: Vocabulary | None = None
        self.hungarian = hungarian_analyzer()
        self.english = english_analyzer()

    # ------------------------------------------------------------------ index lifecycle
    def _current(self) -> tuple[Searcher, FacetCache, Vocabulary]:
        with self._lock:
            generation = current_generation(self.index_root)
            if generation is None:
                raise IndexUnavailableError(f"no index in {self.index_root}: run `python -m indexer build` first")
            if self._searcher is None or generation != self._generation:
                self._open(generation)
            elif not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
                self._load_caches()
            assert self._searcher is not None and self._facets is not None and self._vocabulary is not None
            return self._searcher, self._facets, self._vocabulary

    def _open(self, generation: Path) -> None:
        try:
            self._index = open_index(self.index_root)
        except IndexMissingError as exc:
            raise IndexUnavailableError(str(exc)) from exc
        if self._searcher is not None:
            self._searcher.close()
        self._generation = generation
        self._searcher = self._index.searcher()
        self._load_caches()

    def _load_caches(self) -> None:
        assert self._searcher is not None
        reader = self._searcher.reader()
        self._facets = FacetCache(reader)
        self._vocabulary = Vocabulary(reader)

    def document_count(self) -> int:
        searcher, _, _ = self._current()
        return int(searcher.doc_count())

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    # ------------------------------------------------------------------ search
    def search(self, request: SearchRequest) -> SearchResult:
        if request.sort not in SORTS:
            raise BadRequestError(f"sort must be one of {', '.join(SORTS)}, not {request.sort!r}")
        if request.page * request.per_page > MAX_RESULTS_WINDOW:
            raise BadRequestError(
                f"page {request.page} × per_page {request.per_page} goes past the first {MAX_RESULTS_WINDOW} "
                "results; narrow the query or the filters instead"
            )
        searcher, facets, vocabulary = self._current()
        tree = parse_query(request.q)
        compiled = QueryCompiler(searcher, facets, vocabulary).compile(tree) if tree is not None else wq.Every()
        matched = frozenset(searcher.docs_for_query(compiled))
        filters = self._filters(request, facets, searcher)
        allowed = matched
        for docnums in filters.values():
            allowed = allowed & docnums
        counts = facet_counts(facets, matched, filters)
        hits = self._ranked_hits(searcher, compiled, allowed, request, browse=tree is None)
        return SearchResult(total=len(allowed), hits=hits, facets=counts)

    def _filters(self, request: SearchRequest, facets: FacetCache, searcher: Searcher) -> dict[str, frozenset[int]]:
        filters: dict[str, frozenset[int]] = {}
        for name, values in request.filters.items():
            if values:
                filters[name] = facets.documents_with_any(name, values)
        if request.year_from is not None or request.year_to is not None:
            start = request.year_from if request.year_from is not None else 1900
            end = request.year_to if request.year_to is not None else 2100
            if end < start:
                raise BadRequestError(f"year_to ({end}) is before year_from ({start})")
            years = [value for value in facets.known_values("year") if start <= int(value) <= end]
            in_range = facets.documents_with_any("year", years)
            filters["year"] = filters["year"] & in_range if "year" in filters else in_range
        if request.budget_min is not None or request.budget_max is not None:
            budget = wq.NumericRange("budget_huf", request.budget_min, request.budget_max)
            filters["budget"] = frozenset(searcher.docs_for_query(budget))
        return filters

    def _ranked_hits(
        self, searcher: Searcher, compiled: wq.Query, allowed: frozenset[int], request: SearchRequest, *, browse: bool
    ) -> list[Hit]:
        if not allowed:
            return []
        limit = request.page * request.per_page
        sortedby: str | None = {"year": "sort_year", "budget": "budget_huf"}.get(request.sort)
        if browse and sortedby is None:
            sortedby = "sort_year"
        results = searcher.search(
            compiled, filter=set(allowed), limit=limit, sortedby=sortedby, reverse=sortedby is not None, terms=False
        )
        start = (request.page - 1) * request.per_page
        terms = positive_terms(compiled)
        return [self._hit(searcher, hit.docnum, float(hit.score or 0.0), terms) for hit in results[start:limit]]

    def _hit(self, searcher: Searcher, docnum: int, score: float, terms: dict[str, frozenset[str]]) -> Hit:
        stored = searcher.stored_fields(docnum)
        english = stored.get("language") == "en"
        analyzer = self.english if english else self.hungarian
        body_terms = terms.get("body_en" if english else "body", frozenset())
        title_terms = terms.get("title", frozenset()) | terms.get("body", frozenset())
        return Hit(
            id=stored["id"],
            path=stored["path"],
            url=stored.get("url"),
            title=highlight_title(stored.get("title", ""), title_terms, self.hungarian),
            score=round(score, 4),
            snippet=snippet(stored.get("text", ""), body_terms, analyzer),
            funder=_split(stored.get("funder")),
            programme=stored.get("programme"),
            project_id=stored.get("project_id"),
            years=[int(year) for year in _split(stored.get("year"))],
            beneficiary=stored.get("beneficiary"),
            county=stored.get("county"),
            language=stored.get("language", "unknown"),
            kind=stored.get("kind", "other"),
            budget_huf=stored.get("budget_huf"),
        )

    def document(self, doc_id: str) -> dict[str, object]:
        searcher, _, _ = self._current()
        stored = searcher.document(id=doc_id)
        if stored is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        return dict(stored)

def _split(value: object) -> list[str]:
    if not value:
        return []
    return [part for part in str(value).split(",") if part]
