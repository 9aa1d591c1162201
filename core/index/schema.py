"""The Whoosh schema: what is searchable, what is stored, what is a facet."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise
from pickle import dumps
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.formats import Positions
from whoosh.system import pack_uint

from core.analysis.chain import ChainAnalyzer, english_analyzer, hungarian_analyzer

# Facet fields hold exact values (one term per value); multi-valued ones are comma-separated.
FACET_FIELDS = ("funder", "programme", "period", "year", "county", "language", "kind")
MULTI_VALUED = frozenset({"funder", "year"})


class WordPositions(Positions):  # type: ignore[misc]
    """Whoosh's positions format, gathering a text's terms through `ChainAnalyzer.term_positions`
    when indexing with it: the same postings (tests/indexer/test_schema.py) at less cost."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        if not isinstance(value, str) or not isinstance(analyzer, ChainAnalyzer) or kwargs.get("mode", "") != "index":
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        positions, weights = analyzer.term_positions(value)
        for term, found in positions.items():
            yield term, len(found), weights[term] * boost, encoded_positions(found)

    def postings(self, value: str, analyzer: ChainAnalyzer) -> list[tuple[bytes, int, float, bytes]]:
        """What `FieldType.index(value)` yields for this format, UTF-8 terms and all, as one list:
        the build's writer takes a field's postings at once, not through two generators a term."""
        boost = self.field_boost
        positions, weights = analyzer.term_positions(value)
        return [
            (term.encode("utf-8"), len(found), weights[term] * boost, encoded_positions(found))
            for term, found in positions.items()
        ]


_ONE = pack_uint(1)
_PICKLED_POSITION: dict[int, bytes] = {}


def encoded_positions(positions: list[int]) -> bytes:
    """`Positions.encode`: the count, then a pickle of the deltas. Most of a page's terms occur
    once in it, so a single position's pickle is made once and kept; the bytes returned are new
    each time, as Whoosh's are (a block pickles one object met twice as a reference to the first)."""
    if len(positions) == 1:
        position = positions[0]
        pickled = _PICKLED_POSITION.get(position)
        if pickled is None:
            pickled = _PICKLED_POSITION[position] = dumps([position], 2)
        single: bytes = _ONE + pickled
        return single
    deltas = [positions[0], *(after - before for before, after in pairwise(positions))]
    encoded: bytes = pack_uint(len(deltas)) + dumps(deltas, 2)
    return encoded


def field_postings(field: FieldType, value: Any) -> Iterable[tuple[bytes, int, float, bytes | None]]:
    """A field's postings for one value, as `field.index(value)` gives them."""
    if type(field.format) is WordPositions and isinstance(value, str) and isinstance(field.analyzer, ChainAnalyzer):
        return field.format.postings(value, field.analyzer)
    return field.index(value)  # type: ignore[no-any-return]


def _text(analyzer: ChainAnalyzer, *, field_boost: float = 1.0, stored: bool = False) -> TEXT:
    """A phrase-searchable text field whose postings are gathered by `WordPositions`."""
    field = TEXT(analyzer=analyzer, stored=stored, field_boost=field_boost, phrase=True)
    field.format = WordPositions(field_boost=field_boost)
    return field


def build_schema() -> Schema:
    hu = hungarian_analyzer()
    en = english_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        url=STORED,
        content_hash=ID(stored=True),
        title=_text(hu, stored=True, field_boost=3.0),
        title_en=_text(en, field_boost=3.0),
        body=_text(hu),
        body_en=_text(en),
        text=STORED,  # cleaned text: snippets, /documents and re-analysis for highlights
        project_id=ID(stored=True, field_boost=5.0),
        project_code=_text(hu, field_boost=5.0),
        beneficiary=_text(hu, stored=True),
        settlement=STORED,
        funder=KEYWORD(stored=True, commas=True, scorable=False),
        programme=ID(stored=True),
        period=ID(stored=True),
        year=KEYWORD(stored=True, commas=True, scorable=False),
        county=ID(stored=True),
        language=ID(stored=True),
        languages=STORED,
        kind=ID(stored=True),
        budget_huf=NUMERIC(stored=True, bits=64, sortable=True),
        budget_eur=NUMERIC(stored=True, bits=64, sortable=True),
        sort_year=NUMERIC(stored=False, sortable=True),
        start_date=STORED,
        end_date=STORED,
        support_rate=STORED,
        duplicate_group=ID(stored=True),
        signature=STORED,  # MinHash of the prose, hex (indexer/dedup.py): an update's copies join their group
    )
