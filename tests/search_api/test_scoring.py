"""Scores computed for known matching documents, and column orders, equal what Whoosh's search gives."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Searcher

from core.index.folder import open_index
from core.whoosh_ext import postings
from core.whoosh_ext.postings import PostingCache
from indexer.build import BuildReport
from search_api.engine.matching import MatchingDocuments
from search_api.engine.ordering import ColumnOrders
from search_api.engine.scoring import score_documents
from search_api.search import SearchService
from search_api.similar import similar_query

QUERIES = [
    wq.Term("body", "alma"),
    wq.Term("body", "alma", boost=2.5),
    wq.Or([wq.Term("body", "alma"), wq.Term("body", "meggy", boost=1.6), wq.Term("tag", "t3")]),
    wq.And([wq.Term("body", "alma"), wq.Or([wq.Term("body", "korte"), wq.Term("tag", "t1")])]),
    wq.And([wq.Every(), wq.Not(wq.Term("body", "szilva"))]),
    wq.And([wq.Term("body", "barack"), wq.Not(wq.Term("tag", "t0"))]),
    wq.Or([wq.Term("body", "korte"), wq.ConstantScoreQuery(wq.Term("body", "barack"), 0.05)]),
    wq.Or([wq.Term("body", "meggy"), wq.And([wq.Term("body", "alma"), wq.Not(wq.Term("body", "korte"))])], boost=3.0),
    wq.Or([wq.Term("body", "nincs"), wq.Term("nofield", "alma"), wq.NullQuery]),
]


def whoosh_ranking(searcher: Searcher, query: wq.Query) -> list[tuple[float, int]]:
    return [(round(float(hit.score), 9), hit.docnum) for hit in searcher.search(query, limit=None)]


def our_ranking(searcher: Searcher, query: wq.Query, docnums: list[int]) -> list[tuple[float, int]] | None:
    scored = score_documents(searcher, PostingCache(searcher.reader()), query, np.array(sorted(docnums), dtype=np.int64))
    if scored is None:
        return None
    return sorted(((round(score, 9), docnum) for docnum, score in zip(*(part.tolist() for part in scored), strict=True)), key=lambda item: (-item[0], item[1]))


@pytest.fixture(params=["decoded-whole", "block-by-block"])
def lookups(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Terms looked up by one sorted search over their decoded postings, or a block at a time."""
    monkeypatch.setattr(postings, "WHOLE_TERM_LOOKUPS", 0 if request.param == "decoded-whole" else 10**9)
    return str(request.param)


@pytest.mark.parametrize("query", QUERIES, ids=[str(query) for query in QUERIES])
def test_scores_and_order_equal_whooshs(segmented: whoosh_index.Index, query: wq.Query, lookups: str) -> None:
    with segmented.searcher() as searcher:
        matched = sorted(searcher.docs_for_query(query))
        assert our_ranking(searcher, query, matched) == whoosh_ranking(searcher, query)


def test_only_the_given_documents_are_scored(segmented: whoosh_index.Index, lookups: str) -> None:
    query = wq.Term("body", "alma")
    with segmented.searcher() as searcher:
        matched = sorted(searcher.docs_for_query(query))
        some = matched[::7]
        expected = [item for item in whoosh_ranking(searcher, query) if item[1] in set(some)]
        assert len(some) > 10
        assert our_ranking(searcher, query, some) == expected


def test_a_phrase_is_left_to_whoosh(segmented: whoosh_index.Index) -> None:
    with segmented.searcher() as searcher:
        phrase = wq.And([wq.Term("body", "alma"), wq.Phrase("body", ["alma", "korte"])])
        assert our_ranking(searcher, phrase, sorted(searcher.docs_for_query(phrase))) is None


@pytest.mark.parametrize("text", ["önkormányzat", "óvoda felújítás", "fejlesztés -óvoda", "(TOP OR EFOP) óvoda", "onkormanyzati",
                                  "kerékpárút OR kerékpáros", "egyenlőség", "EFOP-1.6.3-17-2017-00004", "fenntarth*"])
def test_compiled_queries_score_as_in_whoosh(
    built_index: tuple[Path, BuildReport], text: str, lookups: str, compile_text: Callable[[Searcher, str], wq.Query]
) -> None:
    index = open_index(built_index[0])
    with index.searcher() as searcher:
        compiled = compile_text(searcher, text)
        matched = sorted(MatchingDocuments(searcher).of(compiled))
        assert matched, text
        assert our_ranking(searcher, compiled, matched) == whoosh_ranking(searcher, compiled)


@pytest.mark.parametrize("share", [1.0, 0.03], ids=["walks-the-order", "sorts-the-few"])
def test_column_order_is_whooshs_reverse_sort(segmented: whoosh_index.Index, share: float) -> None:
    with segmented.searcher() as searcher:
        live = frozenset(searcher.reader().all_doc_ids())
        chosen = frozenset(sorted(live)[:: max(1, round(1 / share))])
        expected = [
            (hit.score, hit.docnum)
            for hit in searcher.search(wq.Every(), sortedby="year", reverse=True, limit=None, filter=set(chosen))
        ]
        assert list(ColumnOrders(searcher, live).descending("year", chosen)) == expected
        assert len(expected) == len(chosen)


def test_similar_documents_rank_by_their_exact_scores(built_index: tuple[Path, BuildReport]) -> None:
    """The similar pages are the best by score over every match (Whoosh's unpruned order): its
    top-N search over the OR of key words skipped better pages through its block-quality bounds."""
    service = SearchService(built_index[0])
    reader = service._current()
    searcher = reader.searcher
    for doc_id in [searcher.stored_fields(docnum)["id"] for docnum in range(0, searcher.doc_count(), 50)]:
        result = service.similar(doc_id)
        docnum = searcher.document_number(id=doc_id)
        stored = searcher.stored_fields(docnum)
        fields = ("body_en", "title_en") if stored.get("language") == "en" else ("body", "title")
        query = similar_query(result.key_words, fields=fields, language="en" if stored.get("language") == "en" else "hu")
        excluded = {docnum, *reader.groups.others(docnum)}
        exact = [(round(hit.score, 9), hit.docnum) for hit in searcher.search(query, limit=None, mask=excluded)]
        best = reader.groups.first_of_each(number for _, number in sorted(exact, key=lambda item: (-item[0], item[1])))[:10]
        assert [hit.id for hit in result.hits] == [searcher.stored_fields(number)["id"] for number in best], doc_id
    service.close()
