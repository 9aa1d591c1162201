"""The flat matching-document sets equal what Whoosh's matcher tree finds, segments and deletions included."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Searcher

from core.index.folder import open_index
from indexer.build import BuildReport
from search_api.engine.matching import MatchingDocuments

QUERIES = [
    wq.Term("body", "alma"),
    wq.Term("body", "nincs"),
    wq.Term("nofield", "alma"),
    wq.Or([wq.Term("body", "alma"), wq.Term("body", "meggy"), wq.Term("tag", "t3")]),
    wq.And([wq.Term("body", "alma"), wq.Term("body", "korte")]),
    wq.And([wq.Term("body", "alma"), wq.Or([wq.Term("tag", "t1"), wq.Term("tag", "t2")])]),
    wq.And([wq.Every(), wq.Not(wq.Term("body", "szilva"))]),
    wq.And([wq.Term("body", "barack"), wq.Not(wq.Term("tag", "t0"))]),
    wq.Not(wq.Term("body", "alma")),
    wq.Every(),
    wq.NullQuery,
    wq.Phrase("body", ["alma", "korte"]),
    wq.NumericRange("n", 100, 700),
    wq.And([wq.NumericRange("n", 100, 700), wq.Term("body", "meggy")]),
]


NESTED = [
    wq.And([wq.Term("body", "meggy"), wq.Or([wq.Term("body", "alma"), wq.And([wq.Term("tag", "t1"), wq.Not(wq.Term("body", "korte"))])])]),
    wq.And([wq.Term("tag", "t4"), wq.Not(wq.Or([wq.Term("body", "szilva"), wq.Term("body", "nincs")])), wq.Every()]),
    wq.And([wq.Term("body", "barack"), wq.Phrase("body", ["alma", "korte"])]),
    wq.Or([wq.Term("body", "korte"), wq.ConstantScoreQuery(wq.Term("body", "barack"), 0.05)]),
    wq.And([wq.Term("body", "alma"), wq.ConstantScoreQuery(wq.Term("tag", "t2"), 0.05)]),
]


@pytest.mark.parametrize(
    ("probe_ratio", "large_result"), [(8, 10**9), (0, 10**9), (8, 0)], ids=["by-size", "look-up-always", "as-arrays"]
)
@pytest.mark.parametrize("query", QUERIES + NESTED, ids=[str(query) for query in QUERIES + NESTED])
def test_same_documents_as_whoosh_over_segments_and_deletions(
    segmented: whoosh_index.Index, query: wq.Query, probe_ratio: float, large_result: int
) -> None:
    """With ratio 0 every AND looks its smaller part's documents up in the other parts' blocks;
    with a large result of 0 every query is combined as boolean arrays."""
    with segmented.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 3
        expected = frozenset(searcher.docs_for_query(query))
        assert MatchingDocuments(searcher, probe_ratio=probe_ratio, large_result=large_result).of(query) == expected


def test_deleted_documents_are_left_out(segmented: whoosh_index.Index) -> None:
    with segmented.searcher() as searcher:
        found = MatchingDocuments(searcher).of(wq.Every())
        assert len(found) == searcher.doc_count() < searcher.doc_count_all()


@pytest.mark.parametrize(
    "text",
    ["önkormányzat", "óvoda felújítás", "fejlesztés -óvoda", "(TOP OR EFOP) óvoda", '"zöld város"', "year:2015..2018 fejlesztés",
     "funder:ESZA", "fenntarth*", "onkormanyzati", "NOT projekt", "kerékpárút OR kerékpáros", "EFOP-1.6.3-17-2017-00004"],
)
@pytest.mark.parametrize("large_result", [10**9, 0], ids=["as-sets", "as-arrays"])
def test_same_documents_as_whoosh_for_compiled_queries(
    built_index: tuple[Path, BuildReport], text: str, large_result: int, compile_text: Callable[[Searcher, str], wq.Query]
) -> None:
    index = open_index(built_index[0])
    with index.searcher() as searcher:
        compiled = compile_text(searcher, text)
        assert MatchingDocuments(searcher, large_result=large_result).of(compiled) == frozenset(searcher.docs_for_query(compiled))
