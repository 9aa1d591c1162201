"""Fixtures of the search tests: a small Whoosh index with segments and deletions, and the query compiler."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.searching import Searcher

from search_api.facets import FacetCache
from search_api.query.compile import QueryCompiler
from search_api.query.parse import parse_query
from search_api.query.vocabulary import Vocabulary

WORDS = ("alma", "korte", "szilva", "barack", "meggy")


@pytest.fixture(scope="module")
def segmented(tmp_path_factory: pytest.TempPathFactory) -> whoosh_index.Index:
    """Three segments (so document numbers have offsets), long postings (many blocks), repeated words,
    deletions, a sortable column."""
    folder = tmp_path_factory.mktemp("segmented")
    schema = Schema(key=ID(stored=True, unique=True), body=TEXT, tag=ID, n=NUMERIC, year=NUMERIC(sortable=True))
    index = whoosh_index.create_in(str(folder), schema)
    number = 0
    for _ in range(3):
        writer = index.writer()
        for _ in range(400):
            words = [word for position, word in enumerate(WORDS) if number % (position + 2) == 0]
            words += ["alma"] * (number % 4 if "alma" in words else 0)  # weights other than 1
            writer.add_document(key=str(number), body=" ".join(words or ["semmi"]), tag=f"t{number % 7}", n=number, year=number % 11)
            number += 1
        writer.commit(merge=False)
    writer = index.writer()
    for deleted in range(0, number, 9):
        writer.delete_by_term("key", str(deleted))
    writer.commit(merge=False)
    return index


@pytest.fixture
def compile_text() -> Callable[[Searcher, str], wq.Query]:
    """The Whoosh query the API runs for a query text, on a given searcher."""

    def compile_(searcher: Searcher, text: str) -> wq.Query:
        reader = searcher.reader()
        tree = parse_query(text)
        assert tree is not None
        return QueryCompiler(searcher, FacetCache(reader), Vocabulary(reader)).compile(tree)

    return compile_
