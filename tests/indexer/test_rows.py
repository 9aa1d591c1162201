"""Where a label heads a data row, and the value after a label written without a colon."""
from __future__ import annotations

import pytest

from indexer.metadata.labels import BARE_ROW, PROSE, ROW, row_strength, value_after


def _strength(text: str, label: str) -> int:
    start = text.lower().index(label)
    return row_strength(text, start, start + len(label))


@pytest.mark.parametrize(("text", "strength"), [
    ("Támogatás összege: 29 997 512 Ft", ROW),
    ("A szerződött támogatás összege:\n\n29 997 512 Ft", ROW),
    ("Támogatás összege 29 997 512 Ft", BARE_ROW),
    ("A város a fejlesztésre 2019-ben elnyert támogatás összege 29,99 millió Ft, amelyet saját forrásból egészít ki "
     "a képviselő-testület döntése szerint.", PROSE),
    ("Emellett, a támogatás összege 29,99 millió Ft.", PROSE),
    ("A támogatás összege a tavalyi évben még csak 29,99 millió Ft volt.", PROSE),
], ids=["colon", "stacked", "bare", "long sentence", "clause", "short sentence"])
def test_row_strength(text: str, strength: int) -> None:
    assert _strength(text, "támogatás összege") == strength


@pytest.mark.parametrize(("text", "label", "value"), [
    ("Megvalósítás időszaka 2017.03.01 – 2019.06.30", "időszak", "2017.03.01 – 2019.06.30"),
    ("A projekt kezdési dátuma 2017.03.01.", "kezdés", "2017.03.01."),
    ("Támogatás összege (EUR) 30 000 EUR", "támogatás összege", "30 000 EUR"),
    ("Kezdés: 2020-12-01", "kezdés", "2020-12-01"),
    ("Befejezés/End 2018. október 31.", "befejez", "2018. október 31."),
], ids=["rest of the word", "lower-case words", "gloss", "colon", "english gloss"])
def test_value_after_a_label(text: str, label: str, value: str) -> None:
    assert value_after(text, text.lower().index(label) + len(label)) == value
