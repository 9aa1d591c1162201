"""Run a parsed query with filters, facets, duplicate collapse, sorting and highlights.

One `SearchService` per process keeps a searcher open and refreshes it only when the index has
a new commit or a new generation, so requests never open the index themselves.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.index import Index
from whoosh.searching import Searcher

from core.analysis.chain import english_analyzer, hungarian_analyzer
from core.analysis.formcache import load_word_forms
from core.analysis.stemming import load_spellers
from core.index.errors import IndexMissingError
from core.index.folder import current_generation, open_index
from core.whoosh_ext.postings import PostingCache
from core.whoosh_ext.segment_files import patch_whoosh_reads
from search_api.engine.collapse import DuplicateGroups
from search_api.engine.loosen import loosen
from search_api.engine.matching import MatchingDocuments
from search_api.engine.ordering import ColumnOrders
from search_api.engine.scoring import score_documents
from search_api.errors import BadRequestError, IndexUnavailableError, NotFoundError, QuerySyntaxError, QueryTimeoutError
from search_api.facets import FacetCache, FacetCount, facet_counts
from search_api.hits import Analyzers, Hit, copy_of, make_hit
from search_api.query.compile import QueryCompiler, positive_terms, resolve_facet_value
from search_api.query.parse import parse_query
from search_api.query.suggest import corrected_codes, suggest
from search_api.query.vocabulary import Vocabulary
from search_api.similar import key_words, similar_query

MAX_RESULTS_WINDOW = 1000
SORTS = ("relevance", "year", "budget")
FACET_FILTER_FIELDS = ("funder", "programme", "period", "year", "county", "language", "kind")
SIMILAR_HITS = 10
CLEARLY_MORE = 2  # a did-you-mean must find more than this many times the query's hits


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
    collapse: bool = True  # near-duplicate pages as one hit, counted once in total and facets


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    suggestion: str | None
    not_required: list[str] = field(default_factory=list)  # query words the hits need not hold (search_api/engine/loosen.py)


@dataclass(frozen=True, slots=True)
class SimilarResult:
    key_words: list[str]
    hits: list[Hit]


@dataclass(frozen=True, slots=True)
class _Reader:
    """What one open searcher needs, built once per reader."""

    searcher: Searcher
    postings: PostingCache
    matching: MatchingDocuments
    orders: ColumnOrders
    facets: FacetCache
    vocabulary: Vocabulary
    groups: DuplicateGroups


class SearchService:
    """The open index and everything cached per reader; thread-safe for concurrent requests.

    A Whoosh searcher is not: its postings and stored-field files keep one read position, so two
    threads reading at once get each other's bytes (IndexError, None field lengths: 500s under
    load). Requests therefore take turns on it under one lock. The interpreter lock lets only one
    thread run Python at a time anyway; more cores come from more server processes."""

    def __init__(self, index_root: Path, *, budget_s: float = 2.0) -> None:
        self.index_root = index_root
        self.budget_s = budget_s
        self._lock = threading.RLock()
        self._generation: Path | None = None
        self._index: Index | None = None
        self._reader: _Reader | None = None
        self.analyzers = Analyzers(hungarian=hungarian_analyzer(), english=english_analyzer())
        patch_whoosh_reads()  # an open searcher would otherwise copy every segment into memory

    # ------------------------------------------------------------------ index lifecycle
    def _current(self) -> _Reader:
        with self._lock:
            generation = current_generation(self.index_root)
            if generation is None:
                raise IndexUnavailableError(f"no index in {self.index_root}: run `python -m indexer build` first")
            if self._reader is None or generation != self._generation or self._index is None:
                self._open(generation)
            elif not self._reader.searcher.up_to_date():
                # A new searcher, not searcher.refresh(): refresh() reuses segment readers and
                # then misses the deletions a commit made in them. Under the lock, no request is
                # still reading the old one.
                stale, self._reader = self._reader, _load(self._index.searcher())
                stale.searcher.close()
            assert self._reader is not None
            return self._reader

    def _open(self, generation: Path) -> None:
        try:
            self._index = open_index(self.index_root)
        except IndexMissingError as exc:
            raise IndexUnavailableError(str(exc)) from exc
        if self._reader is not None:
            self._reader.searcher.close()
        self._generation = generation
        self._reader = _load(self._index.searcher())

    def warm(self) -> None:
        """Open the index, build the reader's caches and take the word forms the last build or update
        kept beside it (core/analysis/formcache.py), so no worker's first requests pay for them (with
        several workers, any of them may get those). Stemming a word costs ~0.5 ms, and a cold
        process highlighting ten hits stems hundreds. The Hungarian spellers load too (~1 s). A missing
        index is left to requests to report."""
        load_word_forms(self.index_root)
        load_spellers()
        try:
            self._current()
        except IndexUnavailableError:
            pass

    def document_count(self) -> int:
        with self._lock:
            return int(self._current().searcher.doc_count())

    def close(self) -> None:
        """Close the open reader: its segment files stay open until then (core/whoosh_ext/segment_files.py)."""
        with self._lock:
            if self._reader is not None:
                self._reader.searcher.close()
                self._reader = None

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ search
    def search(self, request: SearchRequest) -> SearchResult:
        with self._lock:
            return self._search(request)

    def _search(self, request: SearchRequest) -> SearchResult:
        if request.sort not in SORTS:
            raise BadRequestError(f"sort must be one of {', '.join(SORTS)}, not {request.sort!r}")
        if request.page * request.per_page > MAX_RESULTS_WINDOW:
            raise BadRequestError(
                f"page {request.page} × per_page {request.per_page} goes past the first {MAX_RESULTS_WINDOW} "
                "results; narrow the query or the filters instead"
            )
        reader = self._current()  # may open a new reader and build its caches: not the query's time
        deadline = Deadline(self.budget_s)
        tree = parse_query(request.q)
        compiler = QueryCompiler(reader.searcher, reader.facets, reader.vocabulary)
        compiled = compiler.compile(tree) if tree is not None else wq.Every()
        deadline.check()
        matched = reader.matching.of(compiled)
        deadline.check()
        selected = _selected_values(request, reader.facets)
        filters = self._filters(request, reader, selected)
        within = allowed_by(filters)
        allowed = restricted(matched, within)
        not_required: tuple[str, ...] = ()
        if not allowed and tree is not None:
            loosened = loosen(tree, compiler.compile_part, reader.matching, within)
            if loosened is not None:
                compiled, matched, not_required = loosened.query, loosened.matched, loosened.not_required
                allowed = restricted(matched, within)
            deadline.check()
        groups = reader.groups if request.collapse else _NO_GROUPS
        counts = facet_counts(reader.facets, matched, filters, distinct=groups.distinct, selected=selected)
        hits = self._ranked_hits(reader, compiled, allowed, request, groups, browse=tree is None)
        deadline.check()
        total = len(groups.distinct(allowed))
        # After partial matches the query as typed still found nothing: did-you-mean judges that.
        strict_total = 0 if not_required else total
        corrected = suggest(request.q, reader.vocabulary, total=strict_total) if tree is not None else None
        suggestion = corrected.text if corrected is not None else None
        if corrected is not None and corrected.replaces_held_word and (
            self._count(reader, corrected.text, filters, groups) <= CLEARLY_MORE * strict_total
        ):
            suggestion = None  # another word some page holds, finding the same pages or hardly more
        if suggestion is None and compiler.code_corrections:
            suggestion = corrected_codes(request.q, compiler.code_corrections)
        return SearchResult(total=total, hits=hits, facets=counts, suggestion=suggestion, not_required=list(not_required))

    @staticmethod
    def _count(reader: _Reader, q: str, filters: dict[str, frozenset[int]], groups: DuplicateGroups) -> int:
        """How many hits (near-duplicates once) the query `q` has under the same filters."""
        try:
            tree = parse_query(q)
        except QuerySyntaxError:
            return 0
        if tree is None:
            return 0
        matched = reader.matching.of(QueryCompiler(reader.searcher, reader.facets, reader.vocabulary).compile(tree))
        return len(groups.distinct(restricted(matched, allowed_by(filters))))

    def _filters(
        self, request: SearchRequest, reader: _Reader, selected: dict[str, list[str]],
    ) -> dict[str, frozenset[int]]:
        filters: dict[str, frozenset[int]] = {}
        for name, values in selected.items():
            filters[name] = reader.facets.documents_with_any(name, values)
        if request.year_from is not None or request.year_to is not None:
            start = request.year_from if request.year_from is not None else 1900
            end = request.year_to if request.year_to is not None else 2100
            if end < start:
                raise BadRequestError(f"year_to ({end}) is before year_from ({start})", reason="year_order")
            years = [value for value in reader.facets.known_values("year") if start <= int(value) <= end]
            in_range = reader.facets.documents_with_any("year", years)
            filters["year"] = filters["year"] & in_range if "year" in filters else in_range
        if request.budget_min is not None or request.budget_max is not None:
            budget = wq.NumericRange("budget_huf", request.budget_min, request.budget_max)
            filters["budget"] = frozenset(reader.searcher.docs_for_query(budget))
        return filters

    def _ranked_hits(
        self, reader: _Reader, compiled: wq.Query, allowed: frozenset[int], request: SearchRequest,
        groups: DuplicateGroups, *, browse: bool,
    ) -> list[Hit]:
        if not allowed:
            return []
        needed = request.page * request.per_page
        sortedby: str | None = {"year": "sort_year", "budget": "budget_huf"}.get(request.sort)
        if browse and sortedby is None:
            sortedby = "sort_year"
        terms = positive_terms(compiled)
        if sortedby is None:
            kept, scores = self._ranking(reader, compiled, allowed, needed, groups)
            return [self._hit(reader, docnum, scores[docnum], terms) for docnum in kept[needed - request.per_page:needed]]
        by_column = (docnum for _, docnum in reader.orders.descending(sortedby, allowed))
        shown = groups.first_of_each(by_column, limit=needed)[needed - request.per_page:needed]
        relevance = {} if browse else _relevance(reader, compiled, shown)
        return [self._hit(reader, docnum, relevance.get(docnum), terms) for docnum in shown]

    @staticmethod
    def _ranking(
        reader: _Reader, compiled: wq.Query, allowed: frozenset[int], needed: int, groups: DuplicateGroups,
    ) -> tuple[list[int], dict[int, float]]:
        """The first `needed` hits (one per duplicate group) by relevance, and each one's score."""
        docnums = np.fromiter(allowed, dtype=np.int64, count=len(allowed))
        docnums.sort()
        scored = score_documents(reader.searcher, reader.postings, compiled, docnums)
        if scored is not None:
            return _best_of(*scored, needed, groups)
        limit = needed
        while True:  # collapsing drops duplicates, so fetch more until a page fills or results run out
            results = reader.searcher.search(compiled, filter=set(allowed), limit=limit, terms=False)
            scores = {hit.docnum: float(hit.score or 0.0) for hit in results}
            kept = groups.first_of_each(hit.docnum for hit in results)
            if len(kept) >= needed or len(scores) < limit:
                return kept, scores
            limit *= 2

    def _hit(self, reader: _Reader, docnum: int, score: float | None, terms: dict[str, frozenset[str]]) -> Hit:
        copies = [copy_of(reader.searcher.stored_fields(other)) for other in reader.groups.others(docnum)]
        return make_hit(reader.searcher.stored_fields(docnum), score, terms, self.analyzers, copies)

    # ------------------------------------------------------------------ documents
    def document(self, doc_id: str) -> dict[str, object]:
        with self._lock:
            stored = self._current().searcher.document(id=doc_id)
        if stored is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        return dict(stored)

    def similar(self, doc_id: str, *, limit: int = SIMILAR_HITS) -> SimilarResult:
        """Documents sharing the most characteristic words of `doc_id`, without it and its copies."""
        with self._lock:
            return self._similar(doc_id, limit=limit)

    def _similar(self, doc_id: str, *, limit: int) -> SimilarResult:
        reader = self._current()
        docnum = reader.searcher.document_number(id=doc_id)
        if docnum is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        stored = reader.searcher.stored_fields(docnum)
        language = "en" if stored.get("language") == "en" else "hu"
        fields = ("body_en", "title_en") if language == "en" else ("body", "title")
        words = key_words(str(stored.get("text") or ""), reader.searcher.reader(), field=fields[0], language=language)
        query = similar_query(words, fields=fields, language=language)
        excluded = {docnum, *reader.groups.others(docnum)}
        candidates = reader.matching.of(query) - excluded
        kept, scores = self._ranking(reader, query, candidates, limit, reader.groups)
        terms = positive_terms(query)
        return SimilarResult(key_words=words, hits=[self._hit(reader, number, scores[number], terms) for number in kept])


_NO_GROUPS = DuplicateGroups(None)


def _selected_values(request: SearchRequest, facets: FacetCache) -> dict[str, list[str]]:
    """The facet values each filter parameter names, found as `field:value` in a query finds them
    (`county=zala` is Zala, `period=2007-2013` is 2007–2013, `funder=ESZA` its fund); a parameter
    naming no value stays as given and matches nothing."""
    selected: dict[str, list[str]] = {}
    for name, values in request.filters.items():
        if values:
            known = facets.known_values(name)
            found = [match for value in values for match in resolve_facet_value(name, value, known) or [value]]
            selected[name] = list(dict.fromkeys(found))
    return selected


def restricted(matched: frozenset[int], within: frozenset[int] | None) -> frozenset[int]:
    """The matched documents the filters allow (`within`, None: no filters)."""
    return matched if within is None else matched & within


def allowed_by(filters: dict[str, frozenset[int]]) -> frozenset[int] | None:
    """The documents every filter allows; None without filters."""
    allowed: frozenset[int] | None = None
    for docnums in filters.values():
        allowed = docnums if allowed is None else allowed & docnums
    return allowed


def _best_of(docnums: np.ndarray, scores: np.ndarray, needed: int, groups: DuplicateGroups) -> tuple[list[int], dict[int, float]]:
    """The first `needed` documents (one per duplicate group) by score, ties by document number
    (Whoosh's order), without sorting them all: the best few, and more while copies drop out."""
    wanted = needed
    while True:
        if wanted < len(docnums):
            threshold = np.partition(scores, len(scores) - wanted)[len(scores) - wanted]
            top = scores >= threshold  # every document tied at the threshold, so the tie-break is exact
            candidates, candidate_scores = docnums[top], scores[top]
        else:
            candidates, candidate_scores = docnums, scores
        order = np.lexsort((candidates, -candidate_scores))
        ranked, ranked_scores = candidates[order].tolist(), candidate_scores[order].tolist()
        kept = groups.first_of_each(ranked, limit=needed)
        if len(kept) >= needed or len(candidates) == len(docnums):
            score_of = dict(zip(ranked, ranked_scores, strict=True))
            return kept, {docnum: score_of[docnum] for docnum in kept}
        wanted *= 4


def _relevance(reader: _Reader, compiled: wq.Query, docnums: list[int]) -> dict[int, float]:
    """The relevance scores of a page of hits sorted by a column: the scores the relevance order
    gives them (a page's score does not depend on the others), never the column's sort key."""
    if not docnums:
        return {}
    ordered = np.array(sorted(docnums), dtype=np.int64)
    scored = score_documents(reader.searcher, reader.postings, compiled, ordered)
    if scored is not None:
        return dict(zip(scored[0].tolist(), scored[1].tolist(), strict=True))
    results = reader.searcher.search(compiled, filter=set(docnums), limit=len(docnums), terms=False)
    return {hit.docnum: float(hit.score or 0.0) for hit in results}


class Deadline:
    """The request's time budget: a stage that ends past it stops the request with a 503.

    Counted in the CPU time of the request's own thread, not on the wall clock: under many
    concurrent clients every request waits for the interpreter lock, and that waiting must not
    turn ordinary queries into timeouts; only a query that itself does too much work is stopped."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s
        self.end = time.thread_time() + budget_s

    def check(self) -> None:
        if time.thread_time() > self.end:
            raise QueryTimeoutError(f"the query ran past its time budget of {self.budget_s:g} s; make it narrower")


def _load(searcher: Searcher) -> _Reader:
    reader = searcher.reader()
    postings = PostingCache(reader)
    matching = MatchingDocuments(searcher, postings)
    return _Reader(
        searcher, postings, matching, ColumnOrders(searcher, matching.every()), FacetCache(reader), Vocabulary(reader),
        DuplicateGroups(reader),
    )
