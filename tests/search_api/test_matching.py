"""The flat matching-document sets equal what Whoosh's matcher tree finds, segments and deletions included."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, NUMERIC, TEXT, Schema

from indexer.pipeline import BuildReport
from indexer.write import open_index
from search_api.compile import QueryCompiler
from search_api.facets import FacetCache
from search_api.matching import MatchingDocuments
from search_api.query import parse_query
from search_api.vocabulary import Vocabulary

WORDS = ("alma", "korte", "szilva", "barack", "meggy")


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> whoosh_index.Index:
    """Three segments (so document numbers have offsets), long postings (many blocks), deletions."""
    folder = tmp_path_factory.mktemp("segmented")
    index = whoosh_index.create_in(str(folder), Schema(key=ID(stored=True, unique=True), body=TEXT, tag=ID, n=NUMERIC))
    number = 0
    for _ in range(3):
        writer = index.writer()
        for _ in range(400):
            words = [word for position, word in enumerate(WORDS) if number % (position + 2) == 0]
            writer.add_document(key=str(number), body=" ".join(words or ["semmi"]), tag=f"t{number % 7}", n=number)
            number += 1
        writer.commit(merge=False)
    writer = index.writer()
    for deleted in range(0, number, 9):
        writer.delete_by_term("key", str(deleted))
    writer.commit(merge=False)
    return index


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


@pytest.mark.parametrize("query", QUERIES, ids=[str(query) for query in QUERIES])
def test_same_documents_as_whoosh_over_segments_and_deletions(segmented: whoosh_index.Index, query: wq.Query) -> None:
    with segmented.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 3
        expected = frozenset(searcher.docs_for_query(query))
        assert MatchingDocuments(searcher).of(query) == expected


def test_deleted_documents_are_left_out(segmented: whoosh_index.Index) -> None:
    with segmented.searcher() as searcher:
        found = MatchingDocuments(searcher).of(wq.Every())
        assert len(found) == searcher.doc_count() < searcher.doc_count_all()


@pytest.mark.parametrize(
    "text",
    ["önkormányzat", "óvoda felújítás", "fejlesztés -óvoda", "(TOP OR EFOP) óvoda", '"zöld város"', "year:2015..2018 fejlesztés",
     "funder:ESZA", "fenntarth*", "onkormanyzati", "NOT projekt", "kerékpárút OR kerékpáros", "EFOP-1.6.3-17-2017-00004"],
)
def test_same_documents_as_whoosh_for_compiled_queries(built_index: tuple[Path, BuildReport], text: str) -> None:
    index = open_index(built_index[0])
    with index.searcher() as searcher:
        reader = searcher.reader()
        tree = parse_query(text)
        assert tree is not None
        compiled = QueryCompiler(searcher, FacetCache(reader), Vocabulary(reader)).compile(tree)
        assert MatchingDocuments(searcher).of(compiled) == frozenset(searcher.docs_for_query(compiled))
