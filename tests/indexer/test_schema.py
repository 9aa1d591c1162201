"""The text fields' positions format gathers exactly the postings Whoosh's own format gathers."""
from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.fields import TEXT
from whoosh.formats import Positions

from core.analysis.chain import english_analyzer, hungarian_analyzer
from core.index.folder import open_index
from core.index.schema import WordPositions, build_schema, encoded_positions, field_postings
from indexer.build import BuildReport

HAND_MADE = [
    "Az önkormányzatoknak és a megyei önkormányzati fejlesztésekhez",
    "EFOP-1.6.3-17-2017-00004 és TOP-2.1.2-15 kódú projekt, GINOP 1.2.3 / 2016.",
    "A projekt a projekt projektje: a a a az és",
    "The project was funded by the EEA and Norway Grants, and the municipality",
    "esélyegyenlőségi MEGYEI Megyei megyei 2019. 12. 31-ig 1 234 567 Ft",
    "",
]


def _texts(built_index: tuple[Path, BuildReport]) -> list[str]:
    with open_index(built_index[0]).searcher() as searcher:
        stored = list(searcher.reader().all_stored_fields())
    return HAND_MADE + [str(fields["title"]) for fields in stored] + [str(fields["text"]) for fields in stored]


@pytest.mark.parametrize("analyzer", [hungarian_analyzer(), english_analyzer()], ids=["hu", "en"])
def test_word_positions_gathers_whoosh_s_postings(analyzer: object, built_index: tuple[Path, BuildReport]) -> None:
    ours, whoosh = WordPositions(field_boost=3.0), Positions(field_boost=3.0)
    texts = _texts(built_index)
    assert len(texts) > 100
    for text in texts:
        assert list(ours.word_values(text, analyzer, mode="index")) == list(whoosh.word_values(text, analyzer, mode="index"))


@pytest.mark.parametrize("analyzer", [hungarian_analyzer(), english_analyzer()], ids=["hu", "en"])
def test_a_field_s_postings_in_one_list_are_whoosh_s(analyzer: object, built_index: tuple[Path, BuildReport]) -> None:
    ours = TEXT(analyzer=analyzer, phrase=True)
    ours.format = WordPositions(field_boost=5.0)
    whoosh = TEXT(analyzer=analyzer, phrase=True)
    whoosh.format = Positions(field_boost=5.0)
    for text in _texts(built_index):
        assert field_postings(ours, text) == list(whoosh.index(text))


@pytest.mark.parametrize("positions", [[0], [7], [300], [70_000], [3, 3 + 255, 3 + 255 + 256], [1, 2, 2**31], list(range(0, 5000, 3))])
def test_positions_encode_as_whoosh_encodes_them(positions: list[int]) -> None:
    assert encoded_positions(positions) == Positions().encode(positions)
    assert encoded_positions(positions) == Positions().encode(positions)  # again, from the kept pickle
    # Never one object twice: a block's pickle would hold the second as a reference to the first.
    assert encoded_positions(positions) is not encoded_positions(positions)


def test_every_text_field_uses_word_positions_with_its_boost() -> None:
    schema = build_schema()
    text_fields = [name for name in schema.names() if isinstance(schema[name].format, Positions)]
    assert set(text_fields) == {"title", "title_en", "body", "body_en", "project_code", "beneficiary"}
    for name in text_fields:
        assert type(schema[name].format) is WordPositions
    assert schema["title"].format.field_boost == 3.0 and schema["project_code"].format.field_boost == 5.0
